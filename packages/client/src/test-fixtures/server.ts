import { createServer, type RunningServer } from '@marketbridge/server';
import { createTempHome, startTestSite, type TempHome, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll } from 'vitest';

export interface ServerFixture {
  home: TempHome;
  site: TestSite;
  url: string;
  token: string;
  /** The server itself, e.g. to look at its browser manager. */
  server: RunningServer;
}

/** A real server on port 0 in a temp home, and a test site, for the whole test file. */
export function useServer(): ServerFixture {
  const fx = {} as ServerFixture;
  let close: () => Promise<void>;
  beforeAll(async () => {
    fx.home = createTempHome();
    fx.site = await startTestSite();
    const server = await createServer({ home: fx.home.dir, port: 0, consoleLogLevel: false });
    fx.server = server;
    fx.url = server.url;
    fx.token = server.token ?? '';
    close = () => server.close();
  });
  afterAll(async () => {
    await close?.();
    await fx.site?.close();
    fx.home?.remove();
  });
  return fx;
}
