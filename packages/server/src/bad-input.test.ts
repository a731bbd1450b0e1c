// Every route, fed bad input: each answer is a 4xx with the right code and the error body, and
// neither the registry file (its bytes) nor the live sessions change.
import { ErrorBodySchema, type ErrorCode, errorStatus } from '@marketbridge/api-types';
import { rawRequest, startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeModules } from './routes/index.js';
import { startServer, type TestServer } from './test-fixtures/server.js';

interface Case {
  title: string;
  method: string;
  path: string;
  body?: string;
  /** Replace (or with undefined value, drop) default headers. */
  headers?: Record<string, string | undefined>;
  code: ErrorCode;
}

let t: TestServer;
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
  // Some sixty 401 cases in a row: the slowing of repeated 401s (auth-throttle.test.ts) would only
  // make them wait.
  t = await startServer({ bodyLimit: '64kb', backgroundIntervalMs: 600_000, authThrottle: false });
  expect((await t.api('POST', '/sessions', { name: 'victim', url: site.at('/form') })).status).toBe(201);
  expect((await t.api('POST', '/sessions', { name: 'sleeper' })).status).toBe(201);
  expect((await t.api('DELETE', '/sessions/sleeper?keepState=true')).status).toBe(200);
  await t.server.flush();
});

afterAll(async () => {
  await t?.close();
  await site?.close();
  t?.home.remove();
});

const json = (value: unknown) => JSON.stringify(value);
/** Any well-formed http URL: these cases fail before a browser would go there. */
const NOWHERE = 'http://127.0.0.1:9/';
const at = (path: string) => path.replace(':id', 'victim');

/** A body each action route accepts, so that only the session is wrong. */
const validBodies: Record<string, unknown> = {
  navigate: { url: NOWHERE },
  execute: { script: '1' },
  interact: { action: 'click', selector: '#go' },
  wait: { for: 'timeout', ms: 1 },
  input: { type: 'press', key: 'Enter' },
  history: { action: 'reload' },
  addCookies: { cookies: [{ name: 'a', value: '1', url: NOWHERE }] },
  cloneSession: { name: 'ghost-copy' },
};

function cases(): Case[] {
  const out: Case[] = [];
  const add = (c: Case) => out.push(c);

  // ---- every route: transport-level checks, generated from the route table ----
  for (const { name, route } of routeModules) {
    const path = at(route.path);
    const base = { method: route.method, path, ...(route.body ? { body: '{}' } : {}) };
    add({ ...base, title: `${name}: foreign Host`, headers: { host: 'evil.example' }, code: 'forbidden' });
    add({
      ...base,
      title: `${name}: foreign Host with port`,
      headers: { host: 'evil.example:9247' },
      code: 'forbidden',
    });
    add({
      ...base,
      title: `${name}: Host that only starts like localhost`,
      headers: { host: 'localhost.evil.example' },
      code: 'forbidden',
    });
    add({
      ...base,
      title: `${name}: cross-site Origin`,
      headers: { origin: 'http://evil.example' },
      code: 'forbidden',
    });
    add({ ...base, title: `${name}: Origin null`, headers: { origin: 'null' }, code: 'forbidden' });
    // Chromium's DevTools files (`/devtools/*path`) take whatever query its frontend sends, and no session.
    const staticFiles = route.path.includes('*');
    if (!staticFiles)
      add({
        ...base,
        title: `${name}: unknown query field`,
        path: `${path}?bogus=1`,
        code: 'invalid_request',
      });
    if (route.auth) {
      add({
        ...base,
        title: `${name}: missing token`,
        headers: { authorization: undefined },
        code: 'unauthorized',
      });
      add({
        ...base,
        title: `${name}: wrong token`,
        headers: { authorization: 'Bearer not-the-token' },
        code: 'unauthorized',
      });
      add({
        ...base,
        title: `${name}: not a bearer token`,
        headers: { authorization: 'Basic dXNlcjpwYXNz' },
        code: 'unauthorized',
      });
    }
    if (route.body) {
      add({ ...base, title: `${name}: malformed JSON`, body: '{"url": ', code: 'invalid_request' });
      add({ ...base, title: `${name}: JSON that is not an object`, body: '[1, 2]', code: 'invalid_request' });
      add({ ...base, title: `${name}: bare JSON string`, body: '"hello"', code: 'invalid_request' });
      add({ ...base, title: `${name}: unknown field`, body: json({ bogus: 1 }), code: 'invalid_request' });
      add({
        ...base,
        title: `${name}: text/plain body`,
        headers: { 'content-type': 'text/plain' },
        body: '{}',
        code: 'unsupported_media_type',
      });
      add({
        ...base,
        title: `${name}: form body`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'url=http%3A%2F%2Fexample.com',
        code: 'unsupported_media_type',
      });
      add({
        ...base,
        title: `${name}: body without Content-Type`,
        headers: { 'content-type': undefined },
        body: '{}',
        code: 'unsupported_media_type',
      });
      add({
        ...base,
        title: `${name}: oversized body`,
        body: json({ script: 'x'.repeat(100 * 1024) }),
        code: 'payload_too_large',
      });
    }
    if (route.params && !staticFiles) {
      add({
        ...base,
        ...(route.body ? { body: json(validBodies[name] ?? {}) } : {}),
        path: route.path.replace(':id', 'ghost'),
        title: `${name}: unknown session`,
        code: 'session_not_found',
      });
      add({
        ...base,
        path: route.path.replace(':id', 'x'.repeat(200)),
        title: `${name}: id too long`,
        code: 'invalid_request',
      });
    }
  }

  // ---- per route: wrong types, missing fields, values out of range ----
  const post = (path: string, title: string, body: unknown, code: ErrorCode = 'invalid_request') =>
    add({ method: 'POST', path, title, body: typeof body === 'string' ? body : json(body), code });
  const get = (path: string, title: string, code: ErrorCode = 'invalid_request') =>
    add({ method: 'GET', path, title, code });

  post('/sessions', 'createSession: name of the wrong type', { name: 5 });
  post('/sessions', 'createSession: name that is a path', { name: '../etc/passwd' });
  post('/sessions', 'createSession: headless as a string', { headless: 'yes' });
  post('/sessions', 'createSession: reuse as a string', { name: 'x', reuse: 'true' });
  post('/sessions', 'createSession: viewport too small', { viewport: { width: 10, height: 800 } });
  post('/sessions', 'createSession: unknown browser', { browserType: 'opera' });
  post('/sessions', 'createSession: metadata not an object', { metadata: [1] });
  post('/sessions', 'createSession: name taken', { name: 'victim' }, 'name_taken');
  for (const url of [
    'file:///etc/passwd',
    'javascript:alert(1)',
    'chrome://settings',
    'view-source:http://example.com',
    'data:text/html,<h1>x</h1>',
  ]) {
    post(
      '/sessions',
      `createSession: blocked URL ${url.slice(0, 12)}`,
      { name: 'blocked', url },
      'url_not_allowed',
    );
    post(
      '/sessions/victim/navigate',
      `navigate: blocked URL ${url.slice(0, 12)}`,
      { url },
      'url_not_allowed',
    );
  }
  get('/sessions?active=yes', 'listSessions: active not a boolean word');
  get('/sessions?name=a&name=b', 'listSessions: name given twice');
  post('/sessions/cleanup', 'cleanupSessions: missing maxAgeHours', {});
  post('/sessions/cleanup', 'cleanupSessions: maxAgeHours as a string', { maxAgeHours: '1' });
  post('/sessions/cleanup', 'cleanupSessions: negative maxAgeHours', { maxAgeHours: -1 });
  add({
    method: 'DELETE',
    path: '/sessions/victim?keepState=maybe',
    title: 'deleteSession: keepState not a boolean word',
    code: 'invalid_request',
  });
  post('/sessions/victim/navigate', 'navigate: missing url', {});
  post('/sessions/victim/navigate', 'navigate: url of the wrong type', { url: 5 });
  post('/sessions/victim/navigate', 'navigate: unknown waitUntil', { url: NOWHERE, waitUntil: 'never' });
  post('/sessions/victim/navigate', 'navigate: timeoutMs zero', { url: NOWHERE, timeoutMs: 0 });
  add({
    method: 'POST',
    path: '/sessions/sleeper/navigate',
    title: 'navigate: inactive session by name',
    body: json({ url: NOWHERE }),
    code: 'session_inactive',
  });
  post('/sessions/victim/screenshot', 'screenshot: unknown type', { type: 'gif' });
  post('/sessions/victim/screenshot', 'screenshot: quality with png', { type: 'png', quality: 50 });
  post('/sessions/victim/screenshot', 'screenshot: fullPage as a string', { fullPage: 'yes' });
  post('/sessions/sleeper/screenshot', 'screenshot: inactive session', {}, 'session_inactive');
  post('/sessions/victim/execute', 'execute: missing script', {});
  post('/sessions/victim/execute', 'execute: script of the wrong type', { script: 5 });
  post('/sessions/victim/execute', 'execute: empty script', { script: '' });
  post('/sessions/victim/execute', 'execute: args not a list', { script: '1', args: 'x' });
  post('/sessions/sleeper/execute', 'execute: inactive session', { script: '1' }, 'session_inactive');
  post('/sessions/victim/interact', 'interact: unknown action', { action: 'explode', selector: '#name' });
  post('/sessions/victim/interact', 'interact: fill without value', { action: 'fill', selector: '#name' });
  post('/sessions/victim/interact', 'interact: missing selector', { action: 'click' });
  post('/sessions/victim/interact', 'interact: list of values for fill', {
    action: 'fill',
    selector: '#name',
    value: ['a'],
  });
  post(
    '/sessions/sleeper/interact',
    'interact: inactive session',
    { action: 'click', selector: '#go' },
    'session_inactive',
  );
  post('/sessions/victim/wait', 'wait: unknown kind', { for: 'soon' });
  post('/sessions/victim/wait', 'wait: selector kind without selector', { for: 'selector' });
  post('/sessions/victim/wait', 'wait: field of another kind', { for: 'text', selector: '#a' });
  post('/sessions/victim/wait', 'wait: negative ms', { for: 'timeout', ms: -1 });
  post('/sessions/victim/wait', 'wait: ms too long', { for: 'timeout', ms: 700_000 });
  post('/sessions/sleeper/wait', 'wait: inactive session', { for: 'timeout', ms: 1 }, 'session_inactive');
  get('/sessions/victim/console?limit=0', 'console: limit zero');
  get('/sessions/victim/console?limit=abc', 'console: limit not a number');
  get('/sessions/victim/console?limit=1&limit=2', 'console: limit given twice');
  get('/sessions/sleeper/console', 'console: inactive session', 'session_inactive');

  // ---- found by the fuzzer (fuzz.test.ts): once 500s ----
  get('/sessions/%ff', 'getSession: id that is not valid percent-encoding');
  post(
    '/sessions/victim/navigate',
    'navigate: a relative path read as a host',
    { url: '../../etc/passwd' },
    'url_not_allowed',
  );
  post(
    '/sessions',
    'createSession: URL whose host has an empty label',
    { name: 'dots', url: 'http://a..b/' },
    'url_not_allowed',
  );
  get('/sessions/%zz/console', 'console: id with a broken escape');
  add({
    method: 'POST',
    path: '/sessions/victim/execute',
    title: 'execute: body claiming gzip that is not',
    headers: { 'content-encoding': 'gzip' },
    body: json({ script: '1' }),
    code: 'invalid_request',
  });
  add({
    method: 'POST',
    path: '/sessions/victim/execute',
    title: 'execute: unknown Content-Encoding',
    headers: { 'content-encoding': 'bogus' },
    body: json({ script: '1' }),
    code: 'unsupported_media_type',
  });

  // ---- routing ----
  get('/nope', 'unknown route', 'not_found');
  get('/sessions/victim/nope', 'unknown action', 'not_found');
  add({ method: 'PUT', path: '/sessions', title: 'PUT /sessions', body: '{}', code: 'method_not_allowed' });
  add({ method: 'POST', path: '/health', title: 'POST /health', body: '{}', code: 'method_not_allowed' });
  add({
    method: 'PATCH',
    path: '/sessions/victim',
    title: 'PATCH /sessions/:id',
    body: '{}',
    code: 'method_not_allowed',
  });
  get('/sessions/victim/navigate', 'GET /sessions/:id/navigate', 'method_not_allowed');
  add({
    method: 'OPTIONS',
    path: '/sessions',
    title: 'CORS preflight',
    headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    code: 'forbidden',
  });
  return out;
}

function liveSessions() {
  return t.server.manager.listSessions().map((s) => ({ ...s }));
}

describe('bad input on every route', () => {
  const all = cases();

  it('covers every route of the table', () => {
    for (const { name } of routeModules)
      expect(
        all.some((c) => c.title.startsWith(`${name}:`)),
        name,
      ).toBe(true);
  });

  it.each(all)('$title → $code', async (c) => {
    await t.server.flush();
    const registryBefore = t.registryText();
    const sessionsBefore = liveSessions();
    const headers: Record<string, string> = {
      host: new URL(t.url).host,
      authorization: `Bearer ${t.token}`,
      ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}),
    };
    for (const [k, v] of Object.entries(c.headers ?? {})) {
      if (v === undefined) delete headers[k];
      else headers[k] = v;
    }
    const res = await rawRequest(`${t.url}${c.path}`, {
      method: c.method,
      headers,
      ...(c.body !== undefined ? { body: c.body } : {}),
    });
    expect(res.status, res.text).toBe(errorStatus[c.code]);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const body = ErrorBodySchema.parse(res.json);
    expect(body.error.code).toBe(c.code);
    expect(body.error.message.length).toBeGreaterThan(10);
    expect(res.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|\.js:\d+/);
    expect(res.text).not.toContain(t.token);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    if (c.code === 'invalid_request' && c.body?.startsWith('{') && c.title.includes('field')) {
      expect(body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]),
      );
    }

    await t.server.flush();
    expect(t.registryText()).toBe(registryBefore);
    expect(liveSessions()).toEqual(sessionsBefore);
  });

  it('left the victim usable', async () => {
    const res = await t.api<{ result: string }>('POST', '/sessions/victim/execute', {
      script: 'document.title',
    });
    expect(res.body.result).toBe('Form');
  });
});
