// The same cdpUrl reaches the session after its browser is SIGKILLed and after the server restarts;
// a connected client sees its socket close with a reason and reconnects.
import type { Session } from '@marketbridge/api-types';
import { createTempHome, deadPort, startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rawCdp } from '../test-fixtures/cdp-client.js';
import { startServer, type TestServer } from '../test-fixtures/server.js';

const home = createTempHome('mb-cdp-recovery-');
let site: TestSite;
let port: number;
let t: TestServer;

beforeAll(async () => {
  site = await startTestSite();
  port = await deadPort();
  t = await startServer({ port }, home);
});

afterAll(async () => {
  await t?.close();
  home.remove();
  await site?.close();
});

const auth = () => ({ Authorization: `Bearer ${t.token}` });

it('keeps one cdpUrl across a browser crash and a server restart', async () => {
  const created = await t.api<Session>('POST', '/sessions', { name: 'trading', url: site.at('/form') });
  const url = created.body.cdpUrl as string;
  expect(url).toBe(`ws://127.0.0.1:${port}/sessions/${created.body.id}/cdp`);
  const first = await chromium.connectOverCDP(url, { headers: auth() });
  await first.contexts()[0]?.pages()[0]?.fill('#name', 'before the crash');
  await t.api('POST', '/sessions/trading/navigate', { url: site.at('/state') });
  await t.api('POST', '/sessions/trading/navigate', { url: site.at('/form') });
  await t.server.manager.saveSession('trading'); // what a crash brings back is the last saved state
  const raw = await rawCdp(url, auth());
  await raw.send('Browser.getVersion'); // its own connection to the browser is up

  for (const pid of t.server.manager.browserPids()) process.kill(pid, 'SIGKILL');
  const closed = await raw.closed;
  expect(closed).toEqual({ code: 1012, reason: expect.stringMatching(/reconnect to the same URL/) });
  expect(closed.reason).toMatch(/reconnect to the same URL/);
  await expect.poll(() => first.isConnected()).toBe(false);
  await expect
    .poll(async () => (await t.api<Session>('GET', '/sessions/trading')).body.status, { timeout: 120_000 })
    .toBe('active');

  const again = await chromium.connectOverCDP(url, { headers: auth() });
  const page = again.contexts()[0]?.pages()[0];
  expect(page?.url()).toBe(site.at('/form'));
  expect((await again.contexts()[0]?.cookies())?.map((c) => c.name)).toContain('visited');
  await again.close();

  const beforeRestart = await rawCdp(url, auth());
  await beforeRestart.send('Browser.getVersion');
  await t.close();
  const stopped = await beforeRestart.closed;
  expect(stopped.code).toBe(1012);
  t = await startServer({ port }, home);
  expect(t.token).toBe(auth().Authorization.slice('Bearer '.length));
  const afterRestart = await chromium.connectOverCDP(url, { headers: auth() });
  expect(afterRestart.contexts()[0]?.pages()[0]?.url()).toBe(site.at('/form'));
  expect(
    await afterRestart
      .contexts()[0]
      ?.pages()[0]
      ?.evaluate(() => localStorage.getItem('token')),
  ).toBe('abc123');
  await afterRestart.close();
  expect((await t.api<Session>('GET', '/sessions/trading')).body.status).toBe('active');
});
