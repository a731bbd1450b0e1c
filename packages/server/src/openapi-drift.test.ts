// The OpenAPI document tells the truth: every route's success and main error answers, the security
// layer's 401/403, the body layer's 400/413/415, a reused session's 200, a jpeg screenshot, the
// rules of screenshot and interact bodies and an omitted body, each checked against the document the
// server serves at /openapi.json (test-fixtures/openapi-drift.ts). Other server test files get the
// same check on every answer they receive, after their tests (test-fixtures/openapi-drift-setup.ts).
import { startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkRecorded,
  driftOf,
  type OpenApiDocument,
  type RecordedResponse,
  recordedResponses,
  servedDocument,
  settled,
} from './test-fixtures/openapi-drift.js';
import { startServer, type TestServer } from './test-fixtures/server.js';

let t: TestServer;
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
  t = await startServer({ maxSessions: 1, bodyLimit: 4096 });
});

afterAll(async () => {
  await t?.close();
  await site?.close();
  t?.home.remove();
});

/** The status, and the error code when there is one. */
async function answer(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  const res = await t.api<{ error?: { code: string } }>(method, path, body, headers);
  return { status: res.status, code: res.body?.error?.code, type: res.headers.get('content-type') ?? '' };
}

/** Opens a text/event-stream (the answer is recorded like every other) and closes it. */
async function stream(path: string): Promise<{ status: number; type: string }> {
  const abort = new AbortController();
  const res = await fetch(`${t.url}${path}`, {
    headers: { authorization: `Bearer ${t.token}` },
    signal: abort.signal,
  });
  abort.abort();
  await res.body?.cancel().catch(() => undefined);
  return { status: res.status, type: res.headers.get('content-type') ?? '' };
}

describe('the security layer', () => {
  it('answers 403 for a foreign Host or Origin, also on the open routes (1)', async () => {
    const host = new URL(t.url).host;
    for (const [method, path, body] of [
      ['GET', '/health', undefined],
      ['POST', '/auth/exchange', JSON.stringify({ code: 'x' })],
      ['GET', '/sessions', undefined],
    ] as const) {
      const foreignHost = await t.raw(method, path, {
        headers: { host: 'evil.example', 'content-type': 'application/json' },
        ...(body ? { body } : {}),
      });
      expect(foreignHost.status, `${method} ${path}`).toBe(403);
      const foreignOrigin = await t.raw(method, path, {
        headers: { host, origin: 'http://evil.example', 'content-type': 'application/json' },
        ...(body ? { body } : {}),
      });
      expect(foreignOrigin.status, `${method} ${path}`).toBe(403);
    }
  });

  it('answers 401 without or with a wrong token, and for an unknown login code', async () => {
    expect((await answer('GET', '/stats', undefined, { authorization: '' })).status).toBe(401);
    expect((await answer('GET', '/sessions', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await answer('POST', '/auth/exchange', { code: 'unknown' }, { authorization: '' })).status).toBe(
      401,
    );
  });

  it('answers 400 for an unknown query parameter, 413/415/400 for a body that cannot be read', async () => {
    expect(await answer('GET', '/health?x=1')).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(await answer('POST', '/sessions/cleanup', 'not json')).toMatchObject({ status: 400 });
    const big = JSON.stringify({ maxAgeHours: 1, pad: 'x'.repeat(10_000) });
    expect(await answer('POST', '/sessions/cleanup', big)).toMatchObject({ status: 413 });
    const text = await answer('POST', '/sessions/cleanup', '{}', { 'content-type': 'text/plain' });
    expect(text).toMatchObject({ status: 415 });
  });
});

describe('every route', () => {
  it('health, stats, metrics and the live sessions stream', async () => {
    expect((await answer('GET', '/health')).status).toBe(200);
    expect((await answer('GET', '/stats')).status).toBe(200);
    expect(await answer('GET', '/metrics')).toMatchObject({
      status: 200,
      type: expect.stringContaining('text/plain'),
    });
    expect((await answer('GET', '/metrics', undefined, { authorization: '' })).status).toBe(401);
    expect(await stream('/events')).toMatchObject({
      status: 200,
      type: expect.stringContaining('text/event-stream'),
    });
  });

  it('creates a session (201), reuses it (200: 2), refuses the name without reuse (409) and a second session (429)', async () => {
    expect((await answer('POST', '/sessions', { name: 'drift', url: site.at('/form') })).status).toBe(201);
    expect((await answer('POST', '/sessions', { name: 'drift', reuse: true })).status).toBe(200);
    expect(await answer('POST', '/sessions', { name: 'drift' })).toMatchObject({
      status: 409,
      code: 'name_taken',
    });
    expect(await answer('POST', '/sessions', { name: 'other' })).toMatchObject({
      status: 429,
      code: 'too_many_sessions',
    });
    expect(await answer('POST', '/sessions', { name: 'bad name!' })).toMatchObject({ status: 400 });
  });

  it('lists and gets sessions (200), 404 for an unknown one', async () => {
    expect((await answer('GET', '/sessions')).status).toBe(200);
    expect((await answer('GET', '/sessions?active=true')).status).toBe(200);
    expect((await answer('GET', '/sessions/drift')).status).toBe(200);
    expect(await answer('GET', '/sessions/nobody')).toMatchObject({ status: 404, code: 'session_not_found' });
    expect(await answer('POST', '/sessions/nobody/navigate', { url: site.at('/') })).toMatchObject({
      status: 404,
    });
  });

  it('navigates (200) and refuses a blocked URL (400)', async () => {
    expect((await answer('POST', '/sessions/drift/navigate', { url: site.at('/form') })).status).toBe(200);
    expect(await answer('POST', '/sessions/drift/navigate', { url: 'file:///etc/passwd' })).toMatchObject({
      status: 400,
      code: 'url_not_allowed',
    });
  });

  it('screenshots: png without a body (7), jpeg (3), quality with png refused (4)', async () => {
    expect(await answer('POST', '/sessions/drift/screenshot')).toMatchObject({
      status: 200,
      type: 'image/png',
    });
    expect(await answer('POST', '/sessions/drift/screenshot', { type: 'jpeg', quality: 50 })).toMatchObject({
      status: 200,
      type: 'image/jpeg',
    });
    expect(await answer('POST', '/sessions/drift/screenshot', { type: 'png' })).toMatchObject({
      status: 200,
    });
    expect(await answer('POST', '/sessions/drift/screenshot', { quality: 50 })).toMatchObject({
      status: 400,
    });
    expect(await answer('POST', '/sessions/drift/screenshot', { type: 'png', quality: 50 })).toMatchObject({
      status: 400,
    });
    expect(
      await answer('POST', '/sessions/drift/screenshot', { selector: '#nothing-here', timeoutMs: 300 }),
    ).toMatchObject({ status: expect.any(Number) });
  });

  it('interacts (200); fill without value (5) and a list for anything but select (6) are refused', async () => {
    const act = (body: unknown) => answer('POST', '/sessions/drift/interact', body);
    expect((await act({ action: 'fill', selector: '#name', value: 'Ada' })).status).toBe(200);
    expect((await act({ action: 'select', selector: '#color', value: ['blue'] })).status).toBe(200);
    expect((await act({ action: 'select', selector: '#color', value: 'red' })).status).toBe(200);
    expect((await act({ action: 'check', selector: '#agree' })).status).toBe(200);
    expect((await act({ action: 'click', selector: '#go' })).status).toBe(200);
    expect((await act({ action: 'press', selector: '#keys', value: 'Enter' })).status).toBe(200);
    expect(await act({ action: 'fill', selector: '#name' })).toMatchObject({ status: 400 });
    expect(await act({ action: 'type', selector: '#name' })).toMatchObject({ status: 400 });
    expect(await act({ action: 'fill', selector: '#name', value: ['a', 'b'] })).toMatchObject({
      status: 400,
    });
    expect(await act({ action: 'click', selector: '#go', value: ['a'] })).toMatchObject({ status: 400 });
    expect(await act({ action: 'explode', selector: '#go' })).toMatchObject({ status: 400 });
    expect(await act({ action: 'click', selector: '#missing', timeoutMs: 300 })).toMatchObject({
      status: 408,
      code: 'timeout',
    });
  });

  it('executes (200, 422 for a throwing script), waits, reads the console, sends input and history', async () => {
    expect((await answer('POST', '/sessions/drift/execute', { script: 'return 1 + 1' })).status).toBe(200);
    expect(await answer('POST', '/sessions/drift/execute', { script: 'throw new Error("x")' })).toMatchObject(
      {
        status: 422,
        code: 'script_error',
      },
    );
    expect((await answer('POST', '/sessions/drift/wait', { for: 'timeout', ms: 1 })).status).toBe(200);
    expect((await answer('POST', '/sessions/drift/wait', { for: 'selector', selector: '#go' })).status).toBe(
      200,
    );
    expect(
      (await answer('POST', '/sessions/drift/wait', { for: 'selector', selector: '#never', timeoutMs: 300 }))
        .status,
    ).toBe(408);
    expect((await answer('GET', '/sessions/drift/console?limit=5')).status).toBe(200);
    expect((await answer('GET', '/sessions/drift/console?limit=0')).status).toBe(400);
    expect(
      (await answer('POST', '/sessions/drift/input', { type: 'mouse', x: 5, y: 5 })).status,
    ).toBeLessThan(500);
    expect((await answer('POST', '/sessions/drift/input', { type: 'press', key: 'Tab' })).status).toBe(200);
    expect((await answer('POST', '/sessions/drift/history', { action: 'reload' })).status).toBe(200);
    expect(await stream('/sessions/drift/frames?maxWidth=200')).toMatchObject({
      status: 200,
      type: expect.stringContaining('text/event-stream'),
    });
  });

  it('recycles a session (200, also without a body)', async () => {
    expect((await answer('POST', '/sessions/drift/recycle', {})).status).toBe(200);
    expect((await answer('POST', '/sessions/drift/recycle')).status).toBe(200);
  });

  it('login codes: created without a body (7), exchanged once (200), then 401', async () => {
    const res = await t.api<{ code: string }>('POST', '/auth/codes');
    expect(res.status).toBe(201);
    expect((await answer('POST', '/auth/codes', { ttlSeconds: 60 })).status).toBe(201);
    expect((await answer('POST', '/auth/codes', { ttlSeconds: 1 })).status).toBe(400);
    expect(
      (await answer('POST', '/auth/exchange', { code: res.body.code }, { authorization: '' })).status,
    ).toBe(200);
    expect(
      (await answer('POST', '/auth/exchange', { code: res.body.code }, { authorization: '' })).status,
    ).toBe(401);
  });

  it('reports a failed navigation (502); cleans up (200), deletes keeping state (200), then 409 or 404', async () => {
    expect(await answer('POST', '/sessions/drift/navigate', { url: 'http://127.0.0.1:1/' })).toMatchObject({
      status: 502,
      code: 'navigation_failed',
    });
    expect((await answer('POST', '/sessions/cleanup', { maxAgeHours: 1000 })).status).toBe(200);
    expect((await answer('POST', '/sessions/cleanup', {})).status).toBe(400);
    expect((await answer('DELETE', '/sessions/drift?keepState=true')).status).toBe(200);
    expect(await answer('POST', '/sessions/drift/execute', { script: '1' })).toMatchObject({
      status: expect.any(Number),
    });
    expect(await answer('DELETE', '/sessions/drift')).toMatchObject({ status: expect.any(Number) });
    expect(await answer('DELETE', '/sessions/drift')).toMatchObject({ status: 404 });
  });
});

describe('the drift check', () => {
  it('finds what the document does not say', () => {
    const doc = servedDocument() as OpenApiDocument;
    const base: RecordedResponse = {
      method: 'POST',
      path: '/sessions/x/screenshot',
      status: 200,
      contentType: 'image/png',
    };
    expect(driftOf(doc, base)).toEqual([]);
    expect(driftOf(doc, { ...base, status: 418 })?.[0]).toMatch(/status not documented/);
    expect(driftOf(doc, { ...base, contentType: 'image/gif' })?.[0]).toMatch(
      /content type image\/gif not documented/,
    );
    expect(driftOf(doc, { ...base, request: { json: { type: 'gif' } } })?.[0]).toMatch(/accepted a body/);
    const refused = {
      ...base,
      status: 400,
      contentType: 'application/json',
      request: { json: { type: 'jpeg', quality: 50 } },
      body: { error: { code: 'invalid_request', message: 'Invalid request body: quality: no' } },
    };
    expect(driftOf(doc, refused)?.[0]).toMatch(/refused a body/);
    const badError = {
      ...refused,
      request: undefined,
      body: { error: { code: 'no_such_code', message: 'x' } },
    };
    expect(driftOf(doc, badError)?.[0]).toMatch(/does not match the documented schema/);
    expect(driftOf(doc, { ...base, path: '/not-documented' })).toBeUndefined();
  });

  it('every answer of this file agrees with the served document', async () => {
    await settled();
    const { problems, checked } = checkRecorded();
    expect(problems).toEqual([]);
    expect(checked).toBe(recordedResponses().filter((r) => !r.path.startsWith('/openapi')).length);
    expect(checked).toBeGreaterThan(70);
  });
});
