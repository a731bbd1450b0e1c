import { afterAll, beforeAll } from 'vitest';
import {
  type DemoMarketBridge,
  type DemoMarketBridgeOptions,
  startDemoMarketBridge,
} from '../testing/index.js';

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
