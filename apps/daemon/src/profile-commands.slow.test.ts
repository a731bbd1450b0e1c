// The profile side of `mb-browser session`: create with identity flags (seen from inside the page, the
// proxy's password from MB_PROXY_PASSWORD and never printed), cookies, export / import of a storage
// state, clone, and usage errors for flags that cannot be read.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import {
  type CountingProxy,
  createTempHome,
  startCountingProxy,
  startTestSite,
  type TempHome,
  type TestSite,
} from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mbBrowser } from './test-fixtures/cli.js';

const PASSWORD = 'cli-pw-never-printed';

let home: TempHome;
let site: TestSite;
let proxy: CountingProxy;
const cli = (...args: string[]) => mbBrowser(home.dir, args, { MB_PROXY_PASSWORD: PASSWORD });

beforeAll(async () => {
  home = createTempHome();
  site = await startTestSite();
  proxy = await startCountingProxy({ username: 'trader', password: PASSWORD });
  const started = await cli('start', '--port', '0');
  if (started.code !== 0) throw new Error(started.stderr);
});
afterAll(async () => {
  await cli('stop');
  await proxy?.close();
  await site?.close();
  home?.remove();
});

// One session, `desk`, goes through the commands in order; each step is its own test (and bound), since
// each CLI process can take seconds to start on a busy machine.
describe('mb-browser session, as a profile, step by step', () => {
  let file: string;

  it('create with identity flags (the proxy password from the environment, never printed)', async () => {
    const created = await cli(
      'session',
      'create',
      'desk',
      '--url',
      site.at('/state'),
      '--locale',
      'de-DE',
      '--timezone',
      'Asia/Tokyo',
      '--user-agent',
      'DeskAgent/2',
      '--color-scheme',
      'dark',
      '--header',
      'X-Desk: fx-1',
      '--geolocation',
      '48.85,2.29',
      '--proxy',
      `http://trader@${new URL(proxy.url).host}`,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created desk');
    expect(created.stdout).toContain('"locale":"de-DE"');
    expect(created.stdout).toContain('"password":"[redacted]"');
    expect(created.stdout + created.stderr).not.toContain(PASSWORD);
    expect(proxy.urls).toContain(site.at('/state'));
  });

  it('the options are seen from inside the page, and shown with the secret redacted', async () => {
    const seen = JSON.parse(
      (
        await cli(
          'session',
          'exec',
          'desk',
          'return [navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone, navigator.userAgent, matchMedia("(prefers-color-scheme: dark)").matches]',
          '--json',
        )
      ).stdout,
    );
    expect(seen.result).toEqual(['de-DE', 'Asia/Tokyo', 'DeskAgent/2', true]);
    const shown = JSON.parse((await cli('session', 'show', 'desk', '--json')).stdout);
    expect(shown.options).toMatchObject({
      geolocation: { latitude: 48.85, longitude: 2.29 },
      permissions: ['geolocation'],
      extraHTTPHeaders: { 'X-Desk': 'fx-1' },
      proxy: { server: proxy.url, username: 'trader', password: '[redacted]' },
    });
  });

  it('cookies and export', async () => {
    const cookies = await cli('session', 'cookies', 'desk');
    expect(cookies.stdout).toMatch(/^NAME\s+VALUE\s+DOMAIN\s+PATH\s+EXPIRES\s+FLAGS$/m);
    expect(cookies.stdout).toMatch(/^visited\s+yes\s+127\.0\.0\.1\s+\/\s+\d{4}-/m);

    file = home.path('desk-state.json');
    const exported = await cli('session', 'export', 'desk', file);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('1 cookie(s), 1 origin(s) with localStorage');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const state = JSON.parse(readFileSync(file, 'utf8'));
    expect(state.origins).toEqual([{ origin: site.url, localStorage: [{ name: 'token', value: 'abc123' }] }]);
    const printed = JSON.parse((await cli('session', 'export', 'desk')).stdout);
    expect(printed.cookies).toEqual(state.cookies);
  });

  it('import', async () => {
    const imported = await cli('session', 'import', 'desk-imported', file, '--url', site.at('/form'));
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Created desk-imported');
    const importedState = await cli(
      'session',
      'exec',
      'desk-imported',
      'document.cookie + "|" + localStorage.token',
    );
    expect(importedState.stdout.trim()).toBe('visited=yes|abc123');
  });

  it('clone, whose cookies are its own', async () => {
    const cloned = await cli('session', 'clone', 'desk', 'desk-2', '--with-pages', '--json');
    expect(cloned.code, cloned.stderr).toBe(0);
    const copy = JSON.parse(cloned.stdout);
    expect(copy).toMatchObject({ name: 'desk-2', currentUrl: site.at('/state') });
    expect(copy.options.proxy.password).toBe('[redacted]');
    expect((await cli('session', 'exec', 'desk-2', 'navigator.language')).stdout.trim()).toBe('de-DE');

    const cleared = await cli('session', 'cookies', 'desk-2', '--clear', '--cookie', 'visited');
    expect(cleared.stdout).toContain('Removed 1 cookie(s) of desk-2; 0 left');
    expect((await cli('session', 'cookies', 'desk', '--json')).stdout).toContain('"visited"');
    expect(readFileSync(home.path('logs', 'browser_session_server.log'), 'utf8')).not.toContain(PASSWORD);
  });
});

describe('mb-browser session, as a profile, when it cannot', () => {
  it('refuses flags it cannot read (usage, exit 2) and options the server refuses (exit 1)', async () => {
    const geo = await cli('session', 'create', 'x', '--geolocation', 'north');
    expect(geo.code).toBe(2);
    expect(geo.stderr).toContain('--geolocation must look like 48.8584,2.2945');
    const header = await cli('session', 'create', 'x', '--header', 'no colon');
    expect(header.code).toBe(2);
    expect(header.stderr).toContain("--header must look like 'X-Desk: fx'");
    const scheme = await cli('session', 'create', 'x', '--color-scheme', 'sepia');
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toContain('--color-scheme must be light, dark or no-preference');
    const device = await cli('session', 'create', 'x', '--device', 'Nokia 3310');
    expect(device.code).toBe(1);
    expect(device.stderr).toMatch(/invalid_request, HTTP 400/);
    expect(device.stderr).toContain('is not a Playwright device');
    writeFileSync(home.path('not-state.json'), '{"cookies": 3}');
    const notState = await cli('session', 'import', 'x', home.path('not-state.json'));
    expect(notState.code).toBe(1);
    expect(notState.stderr).toContain('storageState.cookies');
    expect((await cli('session', 'show', 'x')).code).toBe(1); // nothing was made
  });
});
