// The live view's HTTP side over real HTTP and a real Chromium: static dashboard files, the two
// event streams, input and history routes, login codes, and the security rules on all of them.
import { readFileSync } from 'node:fs';
import type { FrameEvent, SessionChangeEvent } from '@marketbridge/api-types';
import { openEventStream, rawRequest, startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_FILE_NAME } from './index.js';
import { LoginCodes } from './login-codes.js';
import { startServer, type TestServer } from './test-fixtures/server.js';

let t: TestServer;
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
  t = await startServer();
});

afterAll(async () => {
  await t?.close();
  t?.home.remove();
  await site?.close();
});

const auth = () => ({ authorization: `Bearer ${t.token}` });

describe('dashboard files', () => {
  it('are served without a token, hold no token, and forbid framing and foreign scripts', async () => {
    for (const [path, type] of [
      ['/', 'text/html'],
      ['/ui', 'text/html'],
      ['/ui/app.js', 'text/javascript'],
      ['/ui/style.css', 'text/css'],
    ] as const) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(await res.text()).not.toContain(t.token);
    }
  });
});

describe('security of the live routes', () => {
  it('data routes need the token (401)', async () => {
    await t.api('POST', '/sessions', { name: 'sec', url: site.at('/form') });
    for (const [method, path] of [
      ['GET', '/events'],
      ['GET', '/sessions/sec/frames'],
      ['POST', '/sessions/sec/input'],
      ['POST', '/sessions/sec/history'],
      ['POST', '/auth/codes'],
    ]) {
      const res = await fetch(`${t.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it('the streams refuse a foreign Host and a cross-site Origin (403), and accept the same origin', async () => {
    for (const path of ['/events', '/sessions/sec/frames']) {
      const host = await rawRequest(`${t.url}${path}`, { headers: { ...auth(), host: 'evil.example' } });
      expect(host.status, path).toBe(403);
      const origin = await rawRequest(`${t.url}${path}`, {
        headers: { ...auth(), origin: 'http://evil.example' },
      });
      expect(origin.status, path).toBe(403);
      const same = await openEventStream(`${t.url}${path}`, { ...auth(), origin: t.url });
      expect(same.status, path).toBe(200);
      expect(same.headers.get('content-type')).toContain('text/event-stream');
      same.close();
    }
  });

  it('a login code is exchanged for the token once; unknown codes fail; the token is never logged', async () => {
    const created = await t.api<{ code: string; path: string; expiresAt: string }>('POST', '/auth/codes', {});
    expect(created.status).toBe(201);
    expect(created.body.path).toBe(`/ui#code=${created.body.code}`);
    expect(Date.parse(created.body.expiresAt) - Date.now()).toBeGreaterThan(100_000);
    const exchange = (code: string) =>
      fetch(`${t.url}/auth/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
    const first = await exchange(created.body.code);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ token: t.token });
    expect((await exchange(created.body.code)).status).toBe(401);
    expect((await exchange('made-up-code')).status).toBe(401);
    const crossSite = await rawRequest(`${t.url}/auth/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ code: 'x' }),
    });
    expect(crossSite.status).toBe(403);
    await t.server.flush();
    expect(readFileSync(t.home.path('logs', LOG_FILE_NAME), 'utf8')).not.toContain(t.token);
  });

  it('a login code expires', () => {
    let now = 1_000_000;
    const codes = new LoginCodes(() => now);
    const { code } = codes.create(120);
    const other = codes.create(120).code;
    now += 119_000;
    expect(codes.redeem(code)).toBe(true);
    now += 2_000;
    expect(codes.redeem(other)).toBe(false);
  });
});

describe('sessions stream', () => {
  it('starts with a snapshot, then reports created, updated and closed', async () => {
    const stream = await openEventStream(`${t.url}/events`, auth());
    try {
      const snapshot = await stream.next<{ sessions: { name: string }[] }>('sessions');
      expect(snapshot.data.sessions.map((s) => s.name)).toContain('sec');
      await t.api('POST', '/sessions', { name: 'watched', url: site.at('/') });
      const created = await stream.next<SessionChangeEvent>('session');
      expect(created.data).toMatchObject({ type: 'created', session: { name: 'watched', status: 'active' } });
      await t.api('POST', '/sessions/watched/navigate', { url: site.at('/form') });
      let updated: SessionChangeEvent;
      do updated = (await stream.next<SessionChangeEvent>('session')).data;
      while (updated.session.currentUrl !== site.at('/form'));
      expect(updated).toMatchObject({ type: 'updated', session: { name: 'watched', title: 'Form' } });
      await t.api('DELETE', '/sessions/watched');
      let closed: SessionChangeEvent;
      do closed = (await stream.next<SessionChangeEvent>('session')).data;
      while (closed.type !== 'closed');
      expect(closed.session.name).toBe('watched');
    } finally {
      stream.close();
    }
  });
});

describe('frames stream, input and history', () => {
  it('streams JPEG frames; input clicks and types at viewport coordinates; history moves; ends on delete', async () => {
    await t.api('POST', '/sessions', {
      name: 'drive',
      url: site.at('/form'),
      viewport: { width: 900, height: 600 },
    });
    const frames = await openEventStream(`${t.url}/sessions/drive/frames?quality=60`, auth());
    const first = (await frames.next<FrameEvent>('frame')).data;
    expect(first).toMatchObject({
      seq: 0,
      mode: 'screencast',
      url: site.at('/form'),
      viewport: { width: 900, height: 600 },
    });
    expect(Buffer.from(first.jpeg, 'base64').subarray(0, 2).toString('hex')).toBe('ffd8');

    const centre = async (selector: string) =>
      (
        await t.api<{ result: { x: number; y: number } }>('POST', '/sessions/drive/execute', {
          script:
            'const r = document.querySelector(args[0]).getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 };',
          args: [selector],
        })
      ).body.result;
    const input = (body: unknown) => t.api('POST', '/sessions/drive/input', body);
    expect((await input({ type: 'click', ...(await centre('#name')) })).body).toEqual({
      ok: true,
      type: 'click',
    });
    expect((await input({ type: 'type', text: 'Grace' })).status).toBe(200);
    await input({ type: 'click', ...(await centre('#go')) });
    const out = await t.api<{ result: string }>('POST', '/sessions/drive/execute', {
      script: "document.getElementById('out').textContent",
    });
    expect(out.body.result).toBe('clicked:Grace:red:false');
    // The page changed, so new frames came.
    await frames.next('frame');
    expect((await input({ type: 'press', key: 'Nope' })).status).toBe(422);
    expect((await input({ type: 'click', x: -5, y: 1 })).status).toBe(400);

    await t.api('POST', '/sessions/drive/navigate', { url: site.at('/') });
    const back = await t.api('POST', '/sessions/drive/history', { action: 'back' });
    expect(back.body).toEqual({ url: site.at('/form'), title: 'Form', moved: true });

    await t.api('DELETE', '/sessions/drive');
    await frames.next('end');
    await frames.ended;
    expect((await fetch(`${t.url}/sessions/drive/frames`, { headers: auth() })).status).toBe(404);
  });
});

describe('shutdown', () => {
  it('ends open streams so the server closes promptly', async () => {
    // A shutdown bound far longer than the assertion: closing promptly is the streams' doing.
    const other = await startServer({ shutdownTimeoutMs: 120_000 });
    try {
      const stream = await openEventStream(`${other.url}/events`, { authorization: `Bearer ${other.token}` });
      await stream.next('sessions');
      const started = Date.now();
      await other.close();
      await stream.ended;
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      other.home.remove();
    }
  });
});
