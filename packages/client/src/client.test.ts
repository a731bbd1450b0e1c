import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from '@marketbridge/server';
import { errorOf, listenOnLoopback } from '@marketbridge/test-helpers';
import { useServer } from '@marketbridge/test-helpers/vitest';
import { describe, expect, it } from 'vitest';
import { BrowserClient } from './browser-client.js';
import { ApiError, ConnectionError, ScriptError, SessionNotFoundError, TimeoutError } from './errors.js';
import { withSession } from './with-session.js';

const fx = useServer(createServer);
const client = () => new BrowserClient(fx.url, { home: fx.home.dir });

describe('BrowserClient', () => {
  it('reads the token from MARKETBRIDGE_HOME and reports health and stats', async () => {
    await using c = client();
    expect(await c.serverHealth()).toMatchObject({ status: 'healthy', version: expect.any(String) });
    expect((await c.stats()).requests).toBeGreaterThan(0);
  });

  it('hands a CDP client the URL and headers of a session; the session outlives it', async () => {
    const { chromium } = await import('playwright-core');
    const c = client();
    const session = await c.createSession('cdp-user', { url: fx.site.at('/form') });
    const { url, headers } = await session.cdp();
    expect(url).toBe(session.info.cdpUrl);
    expect(headers).toEqual({ Authorization: `Bearer ${fx.token}` });
    const browser = await chromium.connectOverCDP(url, { headers });
    await browser.contexts()[0]?.pages()[0]?.fill('#name', 'from playwright');
    await browser.close();
    expect(await session.executeJs("document.querySelector('#name').value")).toBe('from playwright');
    const ticket = await session.cdpTicket();
    expect(ticket.url.startsWith(`${url}?ticket=`)).toBe(true);
    await session.delete();
  });

  it('creates, finds, lists and deletes sessions', async () => {
    const c = client();
    const created = await c.createSession('alpha', { url: fx.site.at('/'), metadata: { owner: 'tests' } });
    expect(created.info).toMatchObject({
      name: 'alpha',
      status: 'active',
      currentUrl: fx.site.at('/'),
      metadata: { owner: 'tests' },
    });
    expect(created.isActive).toBe(true);
    expect((await c.getSession(created.id)).name).toBe('alpha');
    expect((await c.getSessionByName('alpha'))?.id).toBe(created.id);
    expect(await c.getSessionByName('nobody')).toBeNull();
    expect((await c.listSessions({ name: 'alpha' })).map((s) => s.id)).toEqual([created.id]);
    const reused = await c.createSession('alpha', { reuse: true });
    expect(reused.id).toBe(created.id);
    expect(await c.deleteSession('alpha')).toMatchObject({ id: created.id, deleted: true, stateKept: false });
    expect(await errorOf(c.getSession('alpha'))).toBeInstanceOf(SessionNotFoundError);
  });

  it('cleans up idle sessions by age', async () => {
    const c = client();
    const s = await c.createSession('idle');
    expect(await c.cleanupSessions({ maxAgeHours: 1 })).not.toContain(s.id);
    expect(await c.cleanupSessions({ maxAgeHours: 0 })).toContain(s.id);
  });
});

describe('SessionHandle', () => {
  it('navigates, runs scripts, interacts, waits, reads the console and takes screenshots', async () => {
    const c = client();
    const s = await c.createSession('handle');
    expect(await s.navigate(fx.site.at('/form'))).toMatchObject({ title: 'Form', status: 200 });
    expect(s.info.currentUrl).toBe(fx.site.at('/form'));
    expect(await s.executeJs<number>('return args[0] * args[1]', 6, 7)).toBe(42);
    await s.fill('#name', 'Ada');
    await s.select('#color', 'blue');
    await s.check('#agree');
    await s.click('#go');
    expect(await s.executeJs<string>("document.querySelector('#out').textContent")).toBe(
      'clicked:Ada:blue:true',
    );
    await s.type('#keys', 'x');
    await s.press('#keys', 'Enter');
    await s.interact({ action: 'click', selector: '#later' });
    await s.waitForSelector('#late');
    await s.waitForText('Arrived late');
    await s.navigate(fx.site.at('/'));
    await s.click('#to-form');
    await s.waitForUrl('**/form');
    await s.waitFor({ for: 'timeout', ms: 10 });

    await s.navigate(fx.site.at('/console'));
    await s.waitFor({ for: 'timeout', ms: 100 });
    expect((await s.console()).map((e) => e.text)).toContain('hello from the page');
    expect(await s.console(1)).toHaveLength(1);

    const file = fx.home.path('shot.png');
    const bytes = await s.screenshot(file, { fullPage: true });
    expect(Buffer.from(bytes.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    expect(existsSync(file) && readFileSync(file).length).toBe(bytes.length);
    expect((await s.refresh()).currentUrl).toBe(fx.site.at('/console'));
    await s.delete();
  });
});

describe('recycle', () => {
  it('replaces the context and keeps the session: same id, URL and localStorage; in-page state gone', async () => {
    const s = await client().createSession('recycled', { url: fx.site.at('/state') });
    await s.executeJs('window.inPage = 1');
    const durationMs = await s.recycle();
    expect(durationMs).toBeGreaterThan(0);
    expect(s.info).toMatchObject({ name: 'recycled', status: 'active', currentUrl: fx.site.at('/state') });
    expect(await s.executeJs("localStorage.getItem('token')")).toBe('abc123');
    expect(await s.executeJs('typeof window.inPage')).toBe('undefined');
    expect((await client().stats()).sessionsRecycled).toBe(1);
  });

  it('a deleted session: SessionNotFoundError, and nothing recycled', async () => {
    const s = await client().createSession('short-lived');
    await client().deleteSession('short-lived');
    const error = await errorOf(s.recycle());
    expect(error).toBeInstanceOf(SessionNotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'session_not_found' });
    expect((error as Error).message).toMatch(/POST .*\/recycle/);
    expect((await client().stats()).sessionsRecycled).toBe(1);
  });
});

describe('errors from real failures', () => {
  it('wrong token: ApiError 401 with method, URL and the server message', async () => {
    const error = await errorOf(
      new BrowserClient(fx.url, { token: 'wrong-token-wrong-token' }).listSessions(),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', method: 'GET' });
    expect(error.message).toMatch(new RegExp(`^GET ${fx.url}/sessions → 401 unauthorized: `));
  });

  it('unknown session: SessionNotFoundError', async () => {
    const error = await errorOf(client().getSession('does-not-exist'));
    expect(error).toBeInstanceOf(SessionNotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'session_not_found' });
  });

  it('script error: ScriptError carrying the page error', async () => {
    const s = await client().createSession('scripts', { reuse: true });
    const error = await errorOf(s.executeJs('throw new Error("kaput")'));
    expect(error).toBeInstanceOf(ScriptError);
    expect(error).toMatchObject({ status: 422, code: 'script_error' });
    expect(error.message).toContain('kaput');
  });

  it('timeout: TimeoutError from the browser, and from the client itself', async () => {
    const s = await client().createSession('slow', { reuse: true });
    const server = await errorOf(s.executeWith('new Promise(() => {})', [], { timeoutMs: 300 }));
    expect(server).toBeInstanceOf(TimeoutError);
    expect(server).toMatchObject({ code: 'timeout' });
    // A server that accepts the connection and never answers (hung, or a half-open network).
    await using hung = await listenOnLoopback(createHttpServer(() => undefined));
    const local = await errorOf(new BrowserClient(hung.url, { token: 'x', timeoutMs: 300 }).serverHealth());
    expect(local).toBeInstanceOf(TimeoutError);
    expect(local).toMatchObject({ code: 'client_timeout', status: 0 });
    expect(local.message).toContain('no answer within 300 ms');
  });
});

describe('a connection that breaks mid-request', () => {
  it('ConnectionError saying the request may have run, not that the server is down', async () => {
    // Reads the request, then drops the connection without an answer (a crash, a reset).
    const rude = createHttpServer((req) => req.resume().on('end', () => req.socket.destroy()));
    await using listening = await listenOnLoopback(rude);
    const session = await new BrowserClient(listening.url, { token: 'x', connectRetries: 0 })
      .getSession('any')
      .catch((e: unknown) => e);
    expect(session).toBeInstanceOf(ConnectionError);
    expect(session).toMatchObject({ lost: true });
    expect((session as Error).message).toMatch(
      /broke before an answer to GET \/sessions\/any \((UND_ERR_SOCKET|ECONNRESET)\)\. The request may or may not have run/,
    );
    expect((session as Error).message).not.toContain('mb-browser start');
  });
});

describe('withSession', () => {
  it('reuses a named session across runs and deletes it when asked', async () => {
    const c = client();
    const first = await withSession(
      'spec',
      async (s) => {
        await s.navigate(fx.site.at('/state'));
        return s.id;
      },
      { client: c },
    );
    const second = await withSession(
      'spec',
      async (s) => {
        expect(await s.executeJs("localStorage.getItem('token')")).toBe('abc123');
        return s.id;
      },
      { client: c, cleanup: 'delete' },
    );
    expect(second).toBe(first);
    expect(await c.getSessionByName('spec')).toBeNull();
  });
});
