// Cookies and storage in and out of a session (list, add, clear, storage state, create from one), a
// clone that starts with the original's cookie and localStorage and then goes its own way, and bad
// input for every profile option: a clear 400, and no session half-made (registry, home, live
// sessions all as before).
import { readdirSync } from 'node:fs';
import type {
  AddCookiesResponse,
  ClearCookiesResponse,
  Cookie,
  ErrorBody,
  Session,
  StorageStateResponse,
} from '@marketbridge/api-types';
import { startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './test-fixtures/server.js';

let t: TestServer;
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
  t = await startServer({ backgroundIntervalMs: 600_000 });
  // `/state` sets a cookie (visited=yes) and localStorage (token=abc123).
  const created = await t.api('POST', '/sessions', {
    name: 'original',
    url: site.at('/state'),
    locale: 'fr-FR',
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await t?.close();
  await site?.close();
  t?.home.remove();
});

const run = async <T = unknown>(name: string, script: string): Promise<T> => {
  const res = await t.api<{ result: T }>('POST', `/sessions/${name}/execute`, { script });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.result;
};
const stateOf = (name: string) => run<string>(name, 'document.cookie + "|" + localStorage.getItem("token")');
/**
 * The state files, once every live session has one. A save of another session can run at any time
 * (one second after its activity, or periodically): it replaces a file through a temporary
 * `<file>.tmp-<pid>-<hex>`, which says nothing about what a refused request left behind.
 */
const stateFiles = () =>
  readdirSync(t.home.path('playwright_sessions'))
    .filter((f) => !/\.tmp-\d+-[0-9a-f]+$/.test(f))
    .sort();
const settle = async () => {
  await t.server.manager.saveAll();
  await t.server.flush();
};

describe('cookies', () => {
  it('lists, adds and clears them, with filters', async () => {
    const host = new URL(site.url).hostname;
    const all = await t.api<{ cookies: Cookie[] }>('GET', '/sessions/original/cookies');
    expect(all.status).toBe(200);
    expect(all.body.cookies).toEqual([
      expect.objectContaining({ name: 'visited', value: 'yes', domain: host, path: '/', httpOnly: false }),
    ]);

    const added = await t.api<AddCookiesResponse>('POST', '/sessions/original/cookies', {
      cookies: [
        { name: 'desk', value: 'fx', url: site.url },
        { name: 'theme', value: 'dark', domain: host, path: '/', httpOnly: true, sameSite: 'Lax' },
        { name: 'elsewhere', value: '1', domain: 'other.test', path: '/' },
      ],
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body).toEqual({ added: 3, cookies: 4 });
    expect(await run('original', 'document.cookie')).toBe('visited=yes; desk=fx'); // theme is httpOnly

    const named = await t.api<{ cookies: Cookie[] }>('GET', '/sessions/original/cookies?name=theme');
    expect(named.body.cookies.map((c) => [c.name, c.httpOnly])).toEqual([['theme', true]]);
    const forUrl = await t.api<{ cookies: Cookie[] }>(
      'GET',
      `/sessions/original/cookies?url=${encodeURIComponent(site.at('/form'))}`,
    );
    expect(forUrl.body.cookies.map((c) => c.name).sort()).toEqual(['desk', 'theme', 'visited']);

    const cleared = await t.api<ClearCookiesResponse>(
      'DELETE',
      '/sessions/original/cookies?domain=other.test',
    );
    expect(cleared.body).toEqual({ removed: 1, cookies: 3 });
    const byName = await t.api<ClearCookiesResponse>('DELETE', '/sessions/original/cookies?name=theme');
    expect(byName.body).toEqual({ removed: 1, cookies: 2 });
    expect(await run('original', 'document.cookie')).toBe('visited=yes; desk=fx');
  });

  it('refuses cookies Playwright would not know where to put, and bad filters', async () => {
    const cases: [string, string, unknown, RegExp][] = [
      [
        'POST',
        '/sessions/original/cookies',
        { cookies: [{ name: 'a', value: '1' }] },
        /needs either a url, or a domain and a path/,
      ],
      [
        'POST',
        '/sessions/original/cookies',
        { cookies: [{ name: 'a', value: '1', url: 'nope' }] },
        /is not a URL/,
      ],
      ['POST', '/sessions/original/cookies', { cookies: [] }, /^Invalid request body: cookies/],
      ['GET', '/sessions/original/cookies?url=nope', undefined, /is not a URL/],
      ['GET', '/sessions/original/cookies?flavour=x', undefined, /^Invalid query/],
    ];
    for (const [method, path, body, says] of cases) {
      const res = await t.api<ErrorBody>(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.message).toMatch(says);
    }
    expect(
      (await t.api<{ cookies: Cookie[] }>('GET', '/sessions/original/cookies')).body.cookies,
    ).toHaveLength(2);
  });
});

describe('storage state', () => {
  it("exports Playwright's format, and a new session starts from it", async () => {
    const res = await t.api<StorageStateResponse>('GET', '/sessions/original/storage-state');
    expect(res.status).toBe(200);
    expect(res.body.origins).toEqual([
      { origin: site.url, localStorage: [{ name: 'token', value: 'abc123' }] },
    ]);
    expect(res.body.cookies.map((c) => c.name).sort()).toEqual(['desk', 'visited']);

    const created = await t.api<Session>('POST', '/sessions', {
      name: 'imported',
      storageState: res.body,
      url: site.at('/form'),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(await stateOf('imported')).toBe('visited=yes; desk=fx|abc123');
    expect((await t.api('DELETE', '/sessions/imported')).status).toBe(200);
  });
});

describe('clone', () => {
  it("starts with the original's cookie, localStorage and options; then the two are apart", async () => {
    const res = await t.api<Session>('POST', '/sessions/original/clone', { name: 'copy' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      name: 'copy',
      status: 'active',
      pageCount: 1,
      currentUrl: 'about:blank',
    });
    expect(res.body.options).toEqual({ locale: 'fr-FR' });
    const original = (await t.api<Session>('GET', '/sessions/original')).body;
    expect(res.body.id).not.toBe(original.id);
    expect(t.registryJson().sessions[res.body.id]).toMatchObject({ session_name: 'copy', active: true });

    await t.api('POST', '/sessions/copy/navigate', { url: site.at('/form') });
    expect(await stateOf('copy')).toBe('visited=yes; desk=fx|abc123');
    expect(await run('copy', 'navigator.language')).toBe('fr-FR');

    await run('copy', 'document.cookie = "only=copy; path=/"; localStorage.setItem("token", "copy-token")');
    await run('original', 'document.cookie = "only=original; path=/"; localStorage.setItem("extra", "o")');
    expect(await stateOf('copy')).toBe('visited=yes; desk=fx; only=copy|copy-token');
    expect(await stateOf('original')).toBe('visited=yes; desk=fx; only=original|abc123');
    expect(await run('copy', 'localStorage.getItem("extra")')).toBeNull();
  });

  it('with withPages opens the original page URLs', async () => {
    await t.api('POST', '/sessions/original/pages', { url: site.at('/') });
    const res = await t.api<Session>('POST', '/sessions/original/clone', {
      name: 'copy-pages',
      withPages: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const pages = await t.api<{ pages: { url: string }[] }>('GET', '/sessions/copy-pages/pages');
    expect(pages.body.pages.map((p) => p.url)).toEqual([site.at('/state'), site.at('/')]);
  });

  it('refuses a name that is taken, live or kept, and a source that is not live', async () => {
    await t.api('POST', '/sessions', { name: 'kept' });
    expect((await t.api('DELETE', '/sessions/kept?keepState=true')).status).toBe(200);
    await settle();
    // The records, not the bytes: another session's activity may be written meanwhile on a busy machine.
    const records = () => Object.keys(t.registryJson().sessions).sort();
    const registry = records();
    const files = stateFiles();
    const cases: [string, unknown, number, string, RegExp][] = [
      ['/sessions/original/clone', { name: 'copy' }, 409, 'name_taken', /live session named "copy"/],
      ['/sessions/original/clone', { name: 'kept' }, 409, 'name_taken', /kept session is named "kept"/],
      ['/sessions/original/clone', { name: '../x' }, 400, 'invalid_request', /name/],
      ['/sessions/original/clone', {}, 400, 'invalid_request', /name/],
      ['/sessions/ghost/clone', { name: 'x1' }, 404, 'session_not_found', /ghost/],
      ['/sessions/kept/clone', { name: 'x2' }, 409, 'session_inactive', /kept/],
    ];
    for (const [path, body, status, code, says] of cases) {
      const res = await t.api<ErrorBody>('POST', path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toMatch(says);
    }
    await t.server.flush();
    expect(records()).toEqual(registry);
    expect(stateFiles()).toEqual(files);
  });
});

describe('bad profile options', () => {
  const proxy = (server: string) => ({ proxy: { server } });
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    [
      'an unknown device',
      { device: 'iPhone 99' },
      'invalid_request',
      /device "iPhone 99" is not a Playwright device\. Did you mean "iPhone .*list them with: node -e/,
    ],
    [
      'a malformed proxy URL',
      proxy('http://proxy:3128/path'),
      'invalid_request',
      /^Invalid request body: proxy\.server: must be a proxy/,
    ],
    [
      'a proxy port out of range',
      proxy('http://proxy:99999'),
      'invalid_request',
      /proxy\.server "http:\/\/proxy:99999" is not a URL/,
    ],
    [
      'a SOCKS proxy with a password',
      { proxy: { server: 'socks5://127.0.0.1:1080', password: 'x' } },
      'unsupported_option',
      /socks5 proxy cannot take a username or password/,
    ],
    [
      'a mobile device on Firefox (refused before any browser is launched)',
      { browserType: 'firefox', device: 'iPhone 15' },
      'unsupported_option',
      /"iPhone 15" is a mobile device, and Firefox cannot emulate one/,
    ],
    [
      'the redaction mark as a password',
      { proxy: { server: 'http://p:1', password: '[redacted]' } },
      'invalid_request',
      /send the real password/,
    ],
    [
      'a geolocation out of range',
      { geolocation: { latitude: 91, longitude: 0 } },
      'invalid_request',
      /geolocation\.latitude is 91 degrees; the limit is 90 degrees/,
    ],
    [
      'a geolocation without longitude',
      { geolocation: { latitude: 1 } },
      'invalid_request',
      /geolocation\.longitude/,
    ],
    [
      'an unknown time zone',
      { timezoneId: 'Mars/Olympus_Mons' },
      'invalid_request',
      /timezoneId "Mars\/Olympus_Mons" is not an IANA time zone/,
    ],
    [
      'a locale that is not one',
      { locale: 'en_US' },
      'invalid_request',
      /locale: must be a BCP 47 language tag/,
    ],
    ['a colour scheme that is not one', { colorScheme: 'sepia' }, 'invalid_request', /colorScheme/],
    [
      'a header with a line break',
      { extraHTTPHeaders: { 'X-A': 'a\r\nB: c' } },
      'invalid_request',
      /must not contain control characters/,
    ],
    [
      'a permission the browser does not know',
      { permissions: ['telepathy'] },
      'unsupported_option',
      /Unknown permission: telepathy/,
    ],
    [
      'a storage state that is not one',
      { storageState: { cookies: 'visited=yes' } },
      'invalid_request',
      /storageState\.cookies/,
    ],
    [
      'a storage state cookie without a domain',
      { storageState: { cookies: [{ name: 'a', value: '1', path: '/' }], origins: [] } },
      'invalid_request',
      /storageState\.cookies\.0\.domain/,
    ],
    [
      'a storage state the browser refuses',
      { storageState: { cookies: [{ name: 'a', value: '1', domain: '', path: '/' }], origins: [] } },
      'invalid_request',
      /storage state/,
    ],
  ];

  it.each(cases)('%s: a clear error, and no session half-made', async (_title, options, code, says) => {
    await settle();
    const registry = t.registryText();
    const files = stateFiles();
    const live = t.server.manager.listSessions().map((s) => s.name);
    const res = await t.api<ErrorBody>('POST', '/sessions', {
      name: 'refused',
      url: site.at('/'),
      ...options,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(says);
    await t.server.flush();
    expect(t.registryText()).toBe(registry);
    expect(stateFiles()).toEqual(files);
    expect(t.server.manager.listSessions().map((s) => s.name)).toEqual(live);
    expect((await t.api('GET', '/sessions/refused')).status).toBe(404);
  });
});
