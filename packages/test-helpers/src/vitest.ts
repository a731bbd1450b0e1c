// Fixtures that register vitest hooks, apart from the index so that scripts and benchmarks can import
// the other helpers without vitest.
import { afterAll, beforeAll } from 'vitest';
import { createTempHome, type TempHome } from './temp-home.js';
import { startTestSite, type TestSite } from './test-site.js';

/** What {@link useServer} needs of a started session server; `@marketbridge/server`'s `RunningServer` is one. */
export interface StartedServer {
  readonly url: string;
  readonly token: string | undefined;
  close(): Promise<void>;
}

/** The options {@link useServer} starts a server with. */
export interface TestServerOptions {
  home: string;
  port: number;
  consoleLogLevel: false;
}

export interface ServerFixture<S extends StartedServer> {
  /** The temp MARKETBRIDGE_HOME the server runs in. */
  home: TempHome;
  /** A local site to open pages at. */
  site: TestSite;
  url: string;
  /** The API token (`''` when the server runs without one). */
  token: string;
  /** The server itself, e.g. to look at its browser manager. */
  server: S;
}

/**
 * A real session server on port 0 in a temp MARKETBRIDGE_HOME, and a test site, for the whole test
 * file; all three are gone after it. Pass `createServer` from `@marketbridge/server`: test-helpers
 * sits below the server (the server's own tests use it), so it takes the factory instead of importing it.
 */
export function useServer<S extends StartedServer>(
  createServer: (options: TestServerOptions) => Promise<S>,
): ServerFixture<S> {
  const fx = {} as ServerFixture<S>;
  beforeAll(async () => {
    fx.home = createTempHome();
    fx.site = await startTestSite();
    fx.server = await createServer({ home: fx.home.dir, port: 0, consoleLogLevel: false });
    fx.url = fx.server.url;
    fx.token = fx.server.token ?? '';
  });
  afterAll(async () => {
    await fx.server?.close();
    await fx.site?.close();
    fx.home?.remove();
  });
  return fx;
}
