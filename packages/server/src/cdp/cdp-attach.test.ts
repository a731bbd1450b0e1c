// Stock CDP clients (playwright-core's connectOverCDP, puppeteer-core) attach to named sessions through
// the server's endpoint, act, leave — and the session outlives them.
import type { Session } from '@marketbridge/api-types';
import { startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../test-fixtures/server.js';

let t: TestServer;
let site: TestSite;
let trading: Session;

const auth = () => ({ Authorization: `Bearer ${t.token}` });

beforeAll(async () => {
  [t, site] = await Promise.all([startServer(), startTestSite()]);
  const created = await t.api<Session>('POST', '/sessions', { name: 'trading', url: site.at('/state') });
  expect(created.status).toBe(201);
  trading = created.body;
});

afterAll(async () => {
  await t?.close();
  t?.home.remove();
  await site?.close();
});

describe('the CDP endpoint of a session', () => {
  it('is in the session object and in Chrome discovery document', async () => {
    const host = new URL(t.url).host;
    expect(trading.cdpUrl).toBe(`ws://${host}/sessions/${trading.id}/cdp`);
    const listed = await t.api<{ sessions: Session[] }>('GET', '/sessions');
    expect(listed.body.sessions[0]?.cdpUrl).toBe(trading.cdpUrl);
    const version = await t.api<Record<string, string>>('GET', '/sessions/trading/json/version');
    expect(version.status).toBe(200);
    expect(version.body.webSocketDebuggerUrl).toBe(trading.cdpUrl);
    expect(version.body.Browser).toMatch(/Chrom/);
  });

  it('lets Playwright see the session page, cookies and storage, act, and leave it running', async () => {
    const browser = await chromium.connectOverCDP(trading.cdpUrl as string, { headers: auth() });
    const [context] = browser.contexts();
    const page = context?.pages().find((p) => p.url() === site.at('/state'));
    expect(page, 'the session page is in contexts()[0]').toBeDefined();
    expect(browser.contexts()).toHaveLength(1);
    const cookies = await context?.cookies();
    expect(cookies?.map((c) => c.name)).toContain('visited');
    expect(await page?.evaluate(() => localStorage.getItem('token'))).toBe('abc123');
    await page?.goto(site.at('/form'));
    await page?.fill('#name', 'typed over CDP');
    await browser.close(); // Playwright disconnects; the session stays

    const seen = await t.api<{ result: unknown }>('POST', '/sessions/trading/execute', {
      script: "document.querySelector('#name').value",
    });
    expect(seen.status).toBe(200);
    expect(seen.body.result).toBe('typed over CDP');
    const after = await t.api<Session>('GET', '/sessions/trading');
    expect(after.body.status).toBe('active');
    expect(after.body.currentUrl).toBe(site.at('/form'));
  });

  it('shows what REST did to a client attached at the same time', async () => {
    const browser = await chromium.connectOverCDP(trading.cdpUrl as string, { headers: auth() });
    const page = browser.contexts()[0]?.pages()[0];
    expect(page?.url()).toBe(site.at('/form'));
    await t.api('POST', '/sessions/trading/interact', {
      action: 'fill',
      selector: '#name',
      value: 'from REST',
    });
    expect(await page?.inputValue('#name')).toBe('from REST');
    // A page the client opens is the session's: REST counts it.
    const extra = await browser.contexts()[0]?.newPage();
    await expect.poll(async () => (await t.api<Session>('GET', '/sessions/trading')).body.pageCount).toBe(2);
    await extra?.close();
    await expect.poll(async () => (await t.api<Session>('GET', '/sessions/trading')).body.pageCount).toBe(1);
    await browser.close();
  });

  it('lets Puppeteer attach; its Browser.close ends only its own connection', async () => {
    const watcher = await chromium.connectOverCDP(trading.cdpUrl as string, { headers: auth() });
    const browser = await puppeteer.connect({
      browserWSEndpoint: trading.cdpUrl as string,
      headers: auth(),
      defaultViewport: null,
    });
    const pages = await browser.pages();
    const page = pages.find((p) => p.url() === site.at('/form'));
    expect(page, 'the session page is among browser.pages()').toBeDefined();
    expect(await page?.evaluate(() => document.title)).toBe('Form');
    const cookies = await browser.defaultBrowserContext().cookies();
    expect(cookies.map((c) => c.name)).toContain('visited');
    await browser.close(); // sends Browser.close
    expect(browser.connected).toBe(false);

    // The browser, the session and the other client are all still there.
    expect(watcher.isConnected()).toBe(true);
    expect(await watcher.contexts()[0]?.pages()[0]?.title()).toBe('Form');
    const health = await t.api<Session>('GET', '/sessions/trading');
    expect(health.body.status).toBe('active');
    const ran = await t.api<{ result: unknown }>('POST', '/sessions/trading/execute', { script: '1 + 1' });
    expect(ran.body.result).toBe(2);
    await watcher.close();
  });

  it('takes a client that dies without a word as gone, and the next one finds the page as left', async () => {
    const { WebSocket } = await import('ws');
    const socket = new WebSocket(trading.cdpUrl as string, { headers: auth() });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(
      JSON.stringify({
        id: 1,
        method: 'Target.setAutoAttach',
        params: { autoAttach: true, waitForDebuggerOnStart: true, flatten: true },
      }),
    );
    await new Promise((resolve) => socket.once('message', resolve));
    socket.terminate(); // no close frame: the process died
    await expect.poll(() => t.server.cdp.size).toBe(0);
    const browser = await chromium.connectOverCDP(trading.cdpUrl as string, { headers: auth() });
    expect(await browser.contexts()[0]?.pages()[0]?.inputValue('#name')).toBe('from REST');
    await browser.close();
    const ran = await t.api<{ result: unknown }>('POST', '/sessions/trading/execute', {
      script: 'document.title',
    });
    expect(ran.body.result).toBe('Form');
  });

  it('a DevTools link for a session whose pages were all closed: 404 saying how to open one, nothing lost', async () => {
    await t.api('POST', '/sessions', { name: 'pageless', url: site.at('/') });
    const pages = await t.api<{ pages: { id: string }[] }>('GET', '/sessions/pageless/pages');
    for (const { id } of pages.body.pages) await t.api('DELETE', `/sessions/pageless/pages/${id}`);
    const link = await t.api<{ error: { code: string; message: string } }>(
      'POST',
      '/sessions/pageless/devtools',
      {},
    );
    expect(link.status).toBe(404);
    expect(link.body.error).toMatchObject({ code: 'page_not_found' });
    expect(link.body.error.message).toContain('open one with POST /sessions/pageless/pages');
    const opened = await t.api('POST', '/sessions/pageless/pages', { url: site.at('/') });
    expect(opened.status).toBe(201);
    expect((await t.api('POST', '/sessions/pageless/devtools', {})).status).toBe(201);
    expect((await t.api<Session>('GET', '/sessions/trading')).body.status).toBe('active');
    await t.api('DELETE', '/sessions/pageless');
  });

  it('answers an http:// session URL the way connectOverCDP reads it', async () => {
    const browser = await chromium.connectOverCDP(`${t.url}/sessions/trading`, { headers: auth() });
    expect(
      browser
        .contexts()[0]
        ?.pages()
        .map((p) => p.url()),
    ).toContain(site.at('/form'));
    await browser.close();
  });
});
