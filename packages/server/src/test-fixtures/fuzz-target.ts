import { startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, expect } from 'vitest';
import type { FuzzContext } from './fuzz.js';
import { startServer, type TestServer } from './server.js';

export interface FuzzTarget {
  /** What the fuzzer aims at: the server's host, its token, a live "victim" session and a page. */
  ctx: FuzzContext;
  /** The registry file's bytes, after pending writes are flushed. */
  registry(): Promise<string>;
  /** The server still answers /health and the victim session still runs scripts. */
  expectStillServing(): Promise<void>;
}

/** A server with tight limits and one live session to fuzz, for the whole test file. */
export function useFuzzTarget(): FuzzTarget {
  let t: TestServer;
  let site: TestSite;
  const target = {
    registry: async () => {
      await t.server.flush();
      return t.registryText();
    },
    expectStillServing: async () => {
      expect((await t.api('GET', '/health')).status).toBe(200);
      const alive = await t.api<{ result: number }>('POST', '/sessions/victim/execute', { script: '6 * 7' });
      expect(alive.body.result).toBe(42);
    },
  } as FuzzTarget;
  beforeAll(async () => {
    site = await startTestSite();
    t = await startServer({
      bodyLimit: '64kb',
      maxSessions: 4,
      operationTimeoutMs: 1500,
      backgroundIntervalMs: 600_000,
      // Many cases carry a wrong or no token: slowing their 401s (auth-throttle.test.ts) would only
      // make the fuzz wait.
      authThrottle: false,
    });
    const res = await t.api<{ id: string }>('POST', '/sessions', { name: 'victim', url: site.at('/form') });
    expect(res.status).toBe(201);
    target.ctx = {
      host: new URL(t.url).host,
      token: t.token,
      victimId: res.body.id,
      victimName: 'victim',
      pageUrl: site.at('/form'),
    };
  });
  afterAll(async () => {
    await t?.close();
    await site?.close();
    t?.home.remove();
  });
  return target;
}
