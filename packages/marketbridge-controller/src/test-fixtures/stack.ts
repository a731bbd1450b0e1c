import { createServer, type RunningServer } from '@marketbridge/server';
import { createTempHome, type TempHome } from '@marketbridge/test-helpers';
import { afterAll, beforeAll } from 'vitest';
import {
  type DemoMarketBridge,
  type DemoMarketBridgeOptions,
  startDemoMarketBridge,
} from '../testing/index.js';

export interface ServerFixture {
  home: TempHome;
  server: RunningServer;
}

/** A real session server on port 0 in a temp MARKETBRIDGE_HOME, for the whole test file. */
export function useServer(): ServerFixture {
  const fx = {} as ServerFixture;
  beforeAll(async () => {
    fx.home = createTempHome();
    fx.server = await createServer({ home: fx.home.dir, port: 0, consoleLogLevel: false });
  }, 90_000);
  afterAll(async () => {
    await fx.server?.close();
    fx.home?.remove();
  });
  return fx;
}

/** A demo MarketBridge for the enclosing describe block. */
export function useDemo(options: DemoMarketBridgeOptions): { demo: DemoMarketBridge } {
  const fx = {} as { demo: DemoMarketBridge };
  beforeAll(async () => {
    fx.demo = await startDemoMarketBridge({ tickIntervalMs: 150, reconnectDelayMs: 300, ...options });
  });
  afterAll(() => fx.demo?.close());
  return fx;
}

/** A fetch that records `METHOD path` of every request, for showing what was (not) sent. */
export function recordingFetch(): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const recording: typeof fetch = (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    calls.push(`${request.method} ${new URL(request.url).pathname}`);
    return fetch(input, init);
  };
  return { fetch: recording, calls };
}
