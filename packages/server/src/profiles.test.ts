// Identity options, observed from inside the page — user agent, locale, time zone, geolocation, colour
// scheme, device scale, a device, extra headers seen by a local server, a proxy that counts what it
// forwards and wants its password — at create, then again after a browser SIGKILL, a recycle and a
// daemon restart on the same home. Their secrets (the proxy password, a credential header) are never
// echoed, logged, or written in clear anywhere but the session's 0600 secrets file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { REDACTED, type Session } from '@marketbridge/api-types';
import {
  type CountingProxy,
  createTempHome,
  eventually,
  startCountingProxy,
  startTestSite,
  type TempHome,
  type TestSite,
} from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_FILE_NAME } from './index.js';
import { startServer, type TestServer } from './test-fixtures/server.js';

const PROXY_PASSWORD = 'pw-9f3a-never-in-clear';
const HEADER_SECRET = 'Bearer tok-51c7-never-in-clear';
const USER_AGENT = 'MarketBridgeTest/1.0 (profiles)';

let home: TempHome;
let site: TestSite;
let proxy: CountingProxy;
let t: TestServer;
let round = 0;

const PROFILED = {
  name: 'profiled',
  userAgent: USER_AGENT,
  locale: 'de-DE',
  timezoneId: 'Asia/Tokyo',
  geolocation: { latitude: 48.8584, longitude: 2.2945, accuracy: 10 },
  permissions: ['geolocation'],
  colorScheme: 'dark',
  extraHTTPHeaders: { 'X-Desk': 'fx-desk-1', Authorization: HEADER_SECRET },
  deviceScaleFactor: 2,
};
const PHONE = { name: 'phone', device: 'iPhone 15', timezoneId: 'America/New_York', colorScheme: 'light' };

/** What the page sees of itself, after loading a fresh `/headers` (so the request is this context's). */
interface Observed {
  url: string;
  userAgent: string;
  language: string;
  timeZone: string;
  dark: boolean;
  pixelRatio: number;
  touch: boolean;
  screenWidth: number;
  coords: { latitude: number; longitude: number } | { error: string };
  headers: Record<string, string> | null;
}

const OBSERVE = `
const coords = await new Promise((resolve) => navigator.geolocation.getCurrentPosition(
  (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude }),
  (e) => resolve({ error: e.message }),
  { timeout: 10000 }));
const seen = document.getElementById('headers');
return {
  url: location.href,
  userAgent: navigator.userAgent,
  language: navigator.language,
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  dark: matchMedia('(prefers-color-scheme: dark)').matches,
  pixelRatio: devicePixelRatio,
  touch: navigator.maxTouchPoints > 0,
  screenWidth: screen.width,
  coords,
  headers: seen ? JSON.parse(seen.textContent) : null,
};`;

/** Loads a fresh `/headers` page in the session and reads what it sees; retried while the session comes back. */
async function observe(server: TestServer, name: string): Promise<Observed> {
  const url = site.at(`/headers?round=${++round}`);
  return eventually(async () => {
    const nav = await server.api('POST', `/sessions/${name}/navigate`, { url });
    if (nav.status !== 200) return undefined;
    const res = await server.api<{ result: Observed }>('POST', `/sessions/${name}/execute`, {
      script: OBSERVE,
    });
    return res.status === 200 && res.body.result.url === url ? res.body.result : undefined;
  }, `session ${name} to load ${url}`);
}

/** Every option of PROFILED and PHONE, as seen from inside their pages. */
async function expectOptionsApplied(server: TestServer, when: string): Promise<void> {
  const forwardedBefore = proxy.forwarded;
  const seen = await observe(server, 'profiled');
  expect(seen, when).toMatchObject({
    userAgent: USER_AGENT,
    language: 'de-DE',
    timeZone: 'Asia/Tokyo',
    dark: true,
    pixelRatio: 2,
    coords: { latitude: 48.8584, longitude: 2.2945 },
  });
  expect(seen.headers, when).toMatchObject({
    'user-agent': USER_AGENT,
    'x-desk': 'fx-desk-1',
    authorization: HEADER_SECRET,
  });
  expect(seen.headers?.['accept-language'], when).toMatch(/^de-DE/);
  // Through the proxy, with its password: the proxy forwarded this very page.
  expect(proxy.urls, when).toContain(seen.url);
  expect(proxy.forwarded, when).toBeGreaterThan(forwardedBefore);

  const phone = await observe(server, 'phone');
  expect(phone, when).toMatchObject({
    timeZone: 'America/New_York',
    dark: false,
    pixelRatio: 3,
    touch: true,
    screenWidth: 393,
  });
  expect(phone.userAgent, when).toContain('iPhone');
  expect(phone.headers?.['x-desk'], when).toBeUndefined();
  expect(proxy.urls, when).not.toContain(phone.url); // no proxy for this one
}

/** Every place a secret could leak to: the registry, the logs, the state files (the secrets file aside). */
function expectNoSecretsInClear(where: string): void {
  const files = [home.registryFile, home.path('logs', LOG_FILE_NAME)];
  for (const entry of readdirSync(home.path('playwright_sessions'))) {
    if (!entry.endsWith('.secrets')) files.push(home.path('playwright_sessions', entry));
  }
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    expect(text, `${file} (${where})`).not.toContain(PROXY_PASSWORD);
    expect(text, `${file} (${where})`).not.toContain('tok-51c7');
  }
}

beforeAll(async () => {
  home = createTempHome('mb-profiles-');
  site = await startTestSite();
  proxy = await startCountingProxy({ username: 'trader', password: PROXY_PASSWORD });
  t = await startServer({}, home);
});

afterAll(async () => {
  await t?.close();
  await proxy?.close();
  await site?.close();
  home?.remove();
});

describe('identity options', () => {
  it('are applied to the pages and echoed with the secrets redacted', async () => {
    const created = await t.api<Session>('POST', '/sessions', {
      ...PROFILED,
      proxy: { server: proxy.url, username: 'trader', password: PROXY_PASSWORD },
      url: site.at('/headers'),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.options).toEqual({
      userAgent: USER_AGENT,
      locale: 'de-DE',
      timezoneId: 'Asia/Tokyo',
      geolocation: PROFILED.geolocation,
      permissions: ['geolocation'],
      colorScheme: 'dark',
      extraHTTPHeaders: { 'X-Desk': 'fx-desk-1', Authorization: REDACTED },
      deviceScaleFactor: 2,
      proxy: { server: proxy.url, username: 'trader', password: REDACTED },
    });
    expect(proxy.refused).toBeGreaterThan(0); // it asked for the password, and got it

    const phone = await t.api<Session>('POST', '/sessions', PHONE);
    expect(phone.status, JSON.stringify(phone.body)).toBe(201);
    expect(phone.body.viewport).toEqual({ width: 393, height: 659 }); // the device's
    expect(phone.body.options).toEqual({
      device: 'iPhone 15',
      timezoneId: 'America/New_York',
      colorScheme: 'light',
    });

    await expectOptionsApplied(t, 'at create');
    const listed = (await t.api<{ sessions: Session[] }>('GET', '/sessions')).body.sessions;
    expect(listed.find((s) => s.name === 'profiled')?.options?.proxy?.password).toBe(REDACTED);
  });

  it('are applied again after the browser is killed (SIGKILL)', async () => {
    const pids = t.server.manager.browserPids();
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    await eventually(
      () => t.server.manager.browserPids().some((pid) => !pids.includes(pid)),
      'a new browser to be launched',
    );
    await expectOptionsApplied(t, 'after SIGKILL');
  });

  it('are applied again after a recycle', async () => {
    for (const name of ['profiled', 'phone']) {
      const res = await t.api<{ session: Session }>('POST', `/sessions/${name}/recycle`);
      expect(res.status).toBe(200);
      expect(res.body.session.options).toBeDefined();
    }
    await expectOptionsApplied(t, 'after a recycle');
  });

  it('keep their secrets only in the 0600 secrets file, and out of the registry, logs and state files', async () => {
    await t.server.manager.saveAll();
    await t.server.flush();
    const secrets = home.path('playwright_sessions', 'profiled.secrets');
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(secrets, 'utf8'))).toEqual({
      version: 1,
      proxyPassword: PROXY_PASSWORD,
      headers: { Authorization: HEADER_SECRET },
    });
    const state = JSON.parse(readFileSync(home.path('playwright_sessions', 'profiled.json'), 'utf8'));
    expect(state.marketbridge.options.proxy).toEqual({
      server: proxy.url,
      username: 'trader',
      password: REDACTED,
    });
    expect(() => statSync(home.path('playwright_sessions', 'phone.secrets'))).toThrow(/ENOENT/);
    expectNoSecretsInClear('while running');
  });

  it('are applied again after a daemon restart, the secrets read back from their file', async () => {
    await t.close();
    t = await startServer({}, home);
    expect(t.server.startup.restored).toHaveLength(2);
    await expectOptionsApplied(t, 'after a daemon restart');
    const again = await t.api<Session>('GET', '/sessions/profiled');
    expect(again.body.options?.extraHTTPHeaders).toEqual({ 'X-Desk': 'fx-desk-1', Authorization: REDACTED });
    await t.server.flush();
    expectNoSecretsInClear('after the restart');
  });

  it('go with the session when it is deleted: its secrets file too', async () => {
    expect((await t.api('DELETE', '/sessions/profiled')).status).toBe(200);
    expect(() => statSync(home.path('playwright_sessions', 'profiled.secrets'))).toThrow(/ENOENT/);
    expect(() => statSync(home.path('playwright_sessions', 'profiled.json'))).toThrow(/ENOENT/);
  });
});
