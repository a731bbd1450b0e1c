// The live-view methods against a real server and a real Chromium: input, history, frames, events, and
// dashboard links, with the error each bad call gets.
import { createServer } from '@marketbridge/server';
import { errorOf, eventually } from '@marketbridge/test-helpers';
import { useServer } from '@marketbridge/test-helpers/vitest';
import { describe, expect, it } from 'vitest';
import { BrowserClient } from './browser-client.js';
import { ApiError, SessionNotFoundError } from './errors.js';
import type { SessionHandle } from './session-handle.js';
import { endsWithin, firstWhere } from './test-fixtures/streams.js';

const fx = useServer(createServer);
const client = () => new BrowserClient(fx.url, { home: fx.home.dir });
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The viewport coordinates of an element's centre. */
const centre = (s: SessionHandle, selector: string) =>
  s.executeJs<{ x: number; y: number }>(
    'const r = document.querySelector(args[0]).getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 };',
    selector,
  );

describe('input', () => {
  it('clicks and types at viewport coordinates, presses keys and scrolls — the page changes', async () => {
    const s = await client().createSession('input', { url: fx.site.at('/form') });
    expect(await s.input({ type: 'click', ...(await centre(s, '#name')) })).toEqual({
      ok: true,
      type: 'click',
    });
    expect(await s.input({ type: 'type', text: 'Grace' })).toEqual({ ok: true, type: 'type' });
    await s.input({ type: 'click', ...(await centre(s, '#go')) });
    expect(await s.executeJs("document.getElementById('out').textContent")).toBe('clicked:Grace:red:false');

    await s.input({ type: 'click', ...(await centre(s, '#keys')) });
    expect(await s.input({ type: 'press', key: 'ArrowDown' })).toEqual({ ok: true, type: 'press' });
    expect(await s.executeJs("document.getElementById('out').textContent")).toBe('key:ArrowDown');

    await s.executeJs("document.body.style.height = '5000px'");
    expect(await s.input({ type: 'wheel', x: 10, y: 10, deltaY: 700 })).toEqual({ ok: true, type: 'wheel' });
    await s.waitFor({ for: 'function', expression: 'window.scrollY > 0' });
    await s.delete();
  });

  it('bad input: ApiError 400 invalid_request naming the field; an unknown key: 422; unknown session: 404', async () => {
    const s = await client().createSession('input-errors', { url: fx.site.at('/form') });
    const offPage = await errorOf(s.input({ type: 'click', x: -5, y: 1 }));
    expect(offPage).toBeInstanceOf(ApiError);
    expect(offPage).toMatchObject({ status: 400, code: 'invalid_request', method: 'POST' });
    expect(offPage.message).toContain('x');
    const unknownType = await errorOf(s.input({ type: 'teleport', x: 1, y: 1 } as never));
    expect(unknownType).toMatchObject({ status: 400, code: 'invalid_request' });
    const extraField = await errorOf(s.input({ type: 'type', text: 'a', selector: '#name' } as never));
    expect(extraField).toMatchObject({ status: 400, code: 'invalid_request' });
    const badKey = await errorOf(s.input({ type: 'press', key: 'NoSuchKey' }));
    expect(badKey).toMatchObject({ status: 422, code: 'action_failed' });
    expect(badKey.message).toContain('NoSuchKey');
    await s.delete();

    const gone = await errorOf(s.input({ type: 'type', text: 'x' }));
    expect(gone).toBeInstanceOf(SessionNotFoundError);
    expect(gone).toMatchObject({ status: 404, code: 'session_not_found' });
  });
});

describe('history', () => {
  it('goes back and forward between real pages, reports when there is nowhere to go, and reloads', async () => {
    const s = await client().createSession('history', { url: fx.site.at('/form') });
    await s.navigate(fx.site.at('/'));
    expect(await s.history('back')).toEqual({ url: fx.site.at('/form'), title: 'Form', moved: true });
    expect(s.info).toMatchObject({ currentUrl: fx.site.at('/form'), title: 'Form' });
    expect(await s.executeJs('location.pathname')).toBe('/form');
    expect(await s.history({ action: 'forward', timeoutMs: 10_000 })).toEqual({
      url: fx.site.at('/'),
      title: 'Home',
      moved: true,
    });
    expect(await s.history('forward')).toMatchObject({ url: fx.site.at('/'), moved: false });

    await s.executeJs("document.title = 'changed in place'");
    expect(await s.history('reload')).toEqual({ url: fx.site.at('/'), title: 'Home', moved: true });
    await s.delete();
  });

  it('bad input: ApiError 400 for an unknown action; SessionNotFoundError for an unknown session', async () => {
    const s = await client().createSession('history-errors');
    const sideways = await errorOf(s.history('sideways' as never));
    expect(sideways).toBeInstanceOf(ApiError);
    expect(sideways).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(await errorOf(s.history({ action: 'back', timeoutMs: -1 }))).toMatchObject({
      status: 400,
      code: 'invalid_request',
    });
    await s.delete();
    expect(await errorOf(s.history('back'))).toBeInstanceOf(SessionNotFoundError);
  });
});

describe('frames', () => {
  it('yields decoded JPEG frames with their viewport, new ones as the page changes, and ends on delete', async () => {
    const s = await client().createSession('frames', {
      url: fx.site.at('/form'),
      viewport: { width: 900, height: 600 },
    });
    await using frames = await s.frames({ quality: 60 });
    const first = await firstWhere(frames, () => true, 'a first frame');
    expect(first).toMatchObject({
      seq: 0,
      mode: 'screencast',
      url: fx.site.at('/form'),
      viewport: { width: 900, height: 600 },
    });
    expect(first.jpeg).toBeInstanceOf(Uint8Array);
    expect(hex(first.jpeg.subarray(0, 2))).toBe('ffd8');
    expect(hex(first.jpeg.subarray(-2))).toBe('ffd9');
    expect(first.sentAt).toBeGreaterThanOrEqual(first.timestamp);

    await s.fill('#name', 'a change the screencast must show');
    const later = await firstWhere(
      frames,
      (f) => hex(f.jpeg) !== hex(first.jpeg),
      'a frame showing the change',
    );
    expect(later.seq).toBeGreaterThan(0);
    expect(hex(later.jpeg.subarray(0, 2))).toBe('ffd8');

    await s.delete();
    expect(await endsWithin(frames)).toBe(true);
  });

  it('leaving the loop ends the stream on the server too', async () => {
    const s = await client().createSession('frames-break', { url: fx.site.at('/') });
    for await (const frame of await s.frames()) {
      expect(frame.seq).toBe(0);
      expect(fx.server.manager.activeScreencasts).toBeGreaterThan(0);
      break;
    }
    await eventually(() => fx.server.manager.activeScreencasts === 0, 'the screencast to stop');
    await s.delete();
  });

  it('bad input: ApiError 400 for an out-of-range quality or size; SessionNotFoundError for an unknown session', async () => {
    const s = await client().createSession('frames-errors');
    const quality = await errorOf(s.frames({ quality: 0 }));
    expect(quality).toBeInstanceOf(ApiError);
    expect(quality).toMatchObject({ status: 400, code: 'invalid_request', method: 'GET' });
    expect(quality.message).toContain('quality');
    expect(await errorOf(s.frames({ maxWidth: 5 }))).toMatchObject({ status: 400, code: 'invalid_request' });
    await s.delete();
    const gone = await errorOf(s.frames());
    expect(gone).toBeInstanceOf(SessionNotFoundError);
    expect(fx.server.manager.activeScreencasts).toBe(0);
  });
});

describe('events', () => {
  it("a session's events: a navigation after it opened, kept as info; ends after closed", async () => {
    const c = client();
    const s = await c.createSession('events', { url: fx.site.at('/') });
    const other = await c.createSession('events-other', { url: fx.site.at('/') });
    const events = await s.events();
    await other.navigate(fx.site.at('/console'));
    await s.navigate(fx.site.at('/form'));
    const navigated = await firstWhere(
      events,
      (e) => e.session.currentUrl === fx.site.at('/form'),
      'an event for the navigation',
    );
    expect(navigated).toMatchObject({
      type: 'updated',
      session: { id: s.id, name: 'events', title: 'Form' },
    });
    expect(Date.parse(navigated.at)).toBeGreaterThan(Date.now() - 60_000);

    // Changes made elsewhere (here by another client) reach the handle's info.
    await (await c.getSession(s.id)).navigate(fx.site.at('/state'));
    await firstWhere(events, (e) => e.session.currentUrl === fx.site.at('/state'), 'the other navigation');
    expect(s.info.currentUrl).toBe(fx.site.at('/state'));

    await s.delete();
    const closed = await firstWhere(events, (e) => e.type === 'closed', 'the closed event');
    expect(closed.session.id).toBe(s.id);
    expect(await events.next()).toEqual({ done: true, value: undefined });
    await other.delete();
  });

  it('all sessions: a snapshot first, then created, updated and closed for any session', async () => {
    const c = client();
    const existing = await c.createSession('events-existing');
    await using events = await c.events();
    const snapshot = await firstWhere(events, () => true, 'the snapshot');
    expect(snapshot.type).toBe('snapshot');
    expect(snapshot.type === 'snapshot' && snapshot.sessions.map((x) => x.id)).toContain(existing.id);
    const fresh = await c.createSession('events-fresh');
    const created = await firstWhere(events, (e) => e.type === 'created', 'created');
    expect(created).toMatchObject({ type: 'created', session: { id: fresh.id, name: 'events-fresh' } });
    await fresh.delete();
    expect(await firstWhere(events, (e) => e.type === 'closed', 'closed')).toMatchObject({
      session: { id: fresh.id },
    });
    await existing.delete();
  });

  it('unknown session: SessionNotFoundError, and the stream it opened to check is closed again', async () => {
    const requests: Request[] = [];
    const watching = new BrowserClient(fx.url, {
      home: fx.home.dir,
      fetch: (input, init) => {
        if (input instanceof Request) requests.push(input);
        return fetch(input, init);
      },
    });
    const s = await watching.createSession('events-gone');
    await s.delete();
    const error = await errorOf(s.events());
    expect(error).toBeInstanceOf(SessionNotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'session_not_found' });
    const stream = requests.find((r) => new URL(r.url).pathname === '/events');
    expect(stream?.signal.aborted).toBe(true);
  });
});

describe('dashboardLink', () => {
  it('gives a one-time link whose code the dashboard exchanges for the token, once', async () => {
    const link = await client().dashboardLink({ ttlSeconds: 60 });
    expect(link.url).toBe(`${fx.url}/ui#code=${link.code}`);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(50_000);
    const exchange = () =>
      fetch(`${fx.url}/auth/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: link.code }),
      });
    expect(await (await exchange()).json()).toEqual({ token: fx.token });
    expect((await exchange()).status).toBe(401);
  });

  it('bad input: ApiError 400 for a lifetime out of range; 401 with a wrong token', async () => {
    const short = await errorOf(client().dashboardLink({ ttlSeconds: 1 }));
    expect(short).toBeInstanceOf(ApiError);
    expect(short).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(short.message).toContain('ttlSeconds');
    const wrong = await errorOf(new BrowserClient(fx.url, { token: 'not-the-token' }).dashboardLink());
    expect(wrong).toMatchObject({ status: 401, code: 'unauthorized' });
  });
});
