// The dashboard itself, driven by Playwright in a real Chromium: it opens with a one-time login link,
// shows a session created over the API, receives frames of it, and a click and typing on the picture
// act inside the session's page. Saves screenshots of both views (UPDATE_DOCS_SCREENSHOTS=1 writes
// them to docs/ for the README; otherwise to .artifacts/).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { locateBrowser } from '@marketbridge/browser-manager';
import { eventually, startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './test-fixtures/server.js';

const shotsDir = fileURLToPath(
  new URL(process.env.UPDATE_DOCS_SCREENSHOTS === '1' ? '../docs/' : '../.artifacts/', import.meta.url),
);

let t: TestServer;
let site: TestSite;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  site = await startTestSite();
  t = await startServer();
  browser = await chromium.launch({
    executablePath: locateBrowser().executablePath,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  mkdirSync(shotsDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  t?.home.remove();
  await site?.close();
});

const execute = async (script: string) =>
  (await t.api<{ result: unknown }>('POST', '/sessions/demo/execute', { script })).body.result;

describe('dashboard in a real browser', () => {
  it('opens with a one-time link; the link works once and leaves no code in the URL', async () => {
    const { body } = await t.api<{ path: string }>('POST', '/auth/codes', {});
    await page.goto(`${t.url}${body.path}`);
    await page.locator('#list').waitFor();
    expect(page.url()).not.toContain('code=');
    expect(await page.locator('#conn').textContent()).toBe('live');

    const reuse = await browser.newPage();
    await reuse.goto(`${t.url}${body.path}`);
    await reuse.locator('#login').waitFor();
    expect(await reuse.locator('#login-error').textContent()).toMatch(/expired or was already used/);
    await reuse.close();
  });

  it('shows sessions created over the API as they appear, on a wide and a narrow window', async () => {
    await t.api('POST', '/sessions', { name: 'trading', url: site.at('/') });
    await t.api('POST', '/sessions', {
      name: 'demo',
      url: site.at('/form'),
      viewport: { width: 1024, height: 600 },
      metadata: { purpose: 'dashboard test' },
    });
    const row = page.locator('#sessions tbody tr[data-name="demo"]');
    await row.waitFor();
    expect(await row.textContent()).toContain(site.at('/form'));
    expect(await row.locator('.badge').textContent()).toBe('active');
    await page.locator('#sessions tbody tr[data-name="trading"]').waitFor();
    await page.screenshot({
      path: `${shotsDir}/dashboard-sessions.png`,
      clip: { x: 0, y: 0, width: 1280, height: 300 },
    });

    await page.setViewportSize({ width: 420, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('streams frames of a session; clicks and typing on the picture act in the page', async () => {
    await page.locator('#sessions tbody tr[data-name="demo"]').click();
    const screen = page.locator('#screen');
    await screen.waitFor();
    await eventually(
      async () => Number(await page.locator('#meter').getAttribute('data-frames')) > 0 || undefined,
      'a frame',
    );

    /** Clicks the picture where `selector` is in the session's page (viewport 1024 x 600). */
    const clickInPicture = async (selector: string) => {
      const r = (await execute(
        `const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2];`,
      )) as [number, number];
      const box = (await screen.boundingBox())!;
      await page.mouse.click(box.x + (r[0] * box.width) / 1024, box.y + (r[1] * box.height) / 600);
    };

    await clickInPicture('#name');
    await page.keyboard.type('Ada Lovelace');
    await eventually(
      async () => (await execute("document.getElementById('name').value")) === 'Ada Lovelace' || undefined,
      'typed text to arrive',
    );
    // Counted before the click: the screencast sends a frame only when the page changes, and the frame
    // showing the button's reaction may arrive before the reaction is confirmed through the API.
    const framesBefore = Number(await page.locator('#meter').getAttribute('data-frames'));
    await clickInPicture('#go');
    await eventually(
      async () =>
        (await execute("document.getElementById('out').textContent")) === 'clicked:Ada Lovelace:red:false' ||
        undefined,
      'the button to react',
    );
    await eventually(
      async () =>
        Number(await page.locator('#meter').getAttribute('data-frames')) > framesBefore || undefined,
      'a frame showing the change',
    );
    await page.waitForTimeout(600); // one meter refresh
    expect(await page.locator('#meter').textContent()).toMatch(/\d+ fps · latency \d+ ms · screencast/);
    await page.screenshot({ path: `${shotsDir}/dashboard-session.png` });
  });

  it('navigates with the address bar and goes back with the toolbar', async () => {
    await page.locator('#address').fill(site.at('/'));
    await page.locator('#address').press('Enter');
    await eventually(
      async () => (await execute('location.href')) === site.at('/') || undefined,
      'the navigation',
    );
    await page.locator('#nav-back').click();
    await eventually(
      async () => (await execute('location.href')) === site.at('/form') || undefined,
      'going back',
    );
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual(['mb-browser-token']);
  });

  it('shows the pages as tabs and switches between them', async () => {
    const opened = (await t.api<{ id: string }>('POST', '/sessions/demo/pages', { url: site.at('/') })).body;
    await page.locator(`#tabs [data-page-id="${opened.id}"][aria-selected="true"]`).waitFor();
    const first = page.locator('#tabs .tab[aria-selected="false"]');
    await first.click();
    await eventually(
      async () => (await execute('document.title')) === 'Form' || undefined,
      'the first tab to be active',
    );
    await page.locator(`#tabs [data-page-id="${opened.id}"][aria-selected="false"]`).waitFor();
    await t.api('DELETE', `/sessions/demo/pages/${opened.id}`);
    await page.locator(`#tabs [data-page-id="${opened.id}"]`).waitFor({ state: 'detached' });
  });

  it("opens Chrome DevTools on the session's page, through this server", async () => {
    const demo = (await t.api<{ id: string }>('GET', '/sessions/demo')).body;
    const [devtools] = await Promise.all([
      page.context().waitForEvent('page'),
      page.locator('#devtools').click(),
    ]);
    await devtools.waitForURL(/\/devtools\/inspector\.html\?ws=/);
    expect(devtools.url().startsWith(`${t.url}/devtools/`)).toBe(true);
    // The frontend is connected over the session's page-level CDP endpoint, with its ticket.
    await expect.poll(() => t.server.cdp.clientsOf(demo.id)).toBe(1);
    await devtools.close();
    await expect.poll(() => t.server.cdp.clientsOf(demo.id)).toBe(0);
    expect(await execute('document.title')).toBeTruthy();
  });

  it('without a saved token shows the login form; a noAuth server opens without one', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(`${t.url}/ui`);
    await fresh.locator('#login').waitFor();
    const open = await startServer({ noAuth: true });
    try {
      await fresh.goto(`${open.url}/`);
      await fresh.locator('#list').waitFor();
    } finally {
      await fresh.close();
      await open.close();
      open.home.remove();
    }
  });
});
