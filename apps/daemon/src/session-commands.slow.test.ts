import { readFileSync, writeFileSync } from 'node:fs';
import { BrowserClient } from '@marketbridge/client';
import {
  createTempHome,
  eventually,
  startTestSite,
  type TempHome,
  type TestSite,
} from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mbBrowser } from './test-fixtures/cli.js';

let home: TempHome;
let site: TestSite;
const cli = (...args: string[]) => mbBrowser(home.dir, args);

beforeAll(async () => {
  home = createTempHome();
  site = await startTestSite();
  const started = await cli('start', '--port', '0');
  if (started.code !== 0) throw new Error(started.stderr);
});
afterAll(async () => {
  await cli('stop');
  await site?.close();
  home?.remove();
});

// One session, `dev`, goes through every command in order. Each step is its own test (and so has its own
// bound): on a busy machine each of these ~35 CLI processes can take seconds to start.
describe('mb-browser session, step by step on one session', () => {
  let shown: { id: string };

  it('create, list, show', async () => {
    const created = await cli('session', 'create', 'dev', '--url', site.at('/'), '--viewport', '1024x700');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created dev');
    expect(created.stdout).toContain('1024x700');

    expect((await cli('session', 'list')).stdout).toMatch(
      /dev\s+active\s+\S+\s+1\s+http:\/\/127\.0\.0\.1:\d+\//,
    );
    shown = JSON.parse((await cli('session', 'show', 'dev', '--json')).stdout);
    expect(shown).toMatchObject({
      name: 'dev',
      currentUrl: site.at('/'),
      viewport: { width: 1024, height: 700 },
    });
  });

  it('navigate, exec, screenshot', async () => {
    const nav = await cli('session', 'navigate', 'dev', site.at('/form'));
    expect(nav.stdout).toContain('200');
    expect(nav.stdout).toContain('Form');
    expect((await cli('session', 'exec', 'dev', 'document.title')).stdout.trim()).toBe('Form');
    expect(JSON.parse((await cli('session', 'exec', 'dev', 'return [1, 2]', '--json')).stdout)).toEqual({
      result: [1, 2],
    });

    const file = home.path('dev.png');
    const shot = await cli('session', 'screenshot', 'dev', file);
    expect(shot.code, shot.stderr).toBe(0);
    expect(readFileSync(file).subarray(0, 4).toString('hex')).toBe('89504e47');
  });

  it('open (reused, not reloaded) and recycle', async () => {
    const opened = await cli('session', 'open', 'dev', '--url', site.at('/form'));
    expect(opened.stdout).toContain(`url ${site.at('/form')}`); // already there: reused, not reloaded

    const recycled = await cli('session', 'recycle', 'dev');
    expect(recycled.code, recycled.stderr).toBe(0);
    expect(recycled.stdout).toMatch(/Recycled the context of dev in \d+ ms/);
    expect(recycled.stdout).toContain(`url ${site.at('/form')}`);
    expect(JSON.parse((await cli('session', 'show', 'dev', '--json')).stdout).id).toBe(shown.id);
  });

  it('cdp, with the token out of sight and a ticket', async () => {
    const cdp = JSON.parse((await cli('session', 'cdp', 'dev', '--json')).stdout);
    expect(cdp.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/sessions/${shown.id}/cdp$`));
    expect(cdp.headers).toEqual({
      Authorization: `Bearer ${readFileSync(home.path('token'), 'utf8').trim()}`,
    });
    const cdpHuman = await cli('session', 'cdp', 'dev');
    expect(cdpHuman.stdout).toContain(cdp.url);
    expect(cdpHuman.stdout).toContain('Authorization: Bearer <token>');
    expect(cdpHuman.stdout).not.toContain(cdp.headers.Authorization);
    const ticket = JSON.parse((await cli('session', 'cdp', 'dev', '--ticket', '--json')).stdout);
    expect(ticket.url).toBe(`${cdp.url}?ticket=${ticket.ticket}`);
  });

  it('tab, pages, snapshot, close-tab', async () => {
    const tab = JSON.parse((await cli('session', 'tab', 'dev', site.at('/'), '--json')).stdout);
    expect(tab).toMatchObject({ url: site.at('/'), active: true });
    const listed = await cli('session', 'pages', 'dev');
    expect(listed.stdout).toContain(`* ${tab.id}  ${site.at('/')}`);
    const snap = await cli('session', 'snapshot', 'dev', '--page', tab.id);
    expect(snap.stdout).toContain('heading "Test site"');
    const closedTab = await cli('session', 'close-tab', 'dev', tab.id, '--json');
    expect(JSON.parse(closedTab.stdout).pages).toHaveLength(1);
  });

  it('upload, downloads, pdf', async () => {
    await cli(
      'session',
      'exec',
      'dev',
      "document.body.insertAdjacentHTML('beforeend', '<input type=file id=f>')",
    );
    const upload = home.path('orders.csv');
    writeFileSync(upload, 'AAPL,10\n');
    expect((await cli('session', 'upload', 'dev', '#f', upload)).stdout).toContain('Set orders.csv on #f');
    expect(
      (await cli('session', 'exec', 'dev', "document.getElementById('f').files[0].name")).stdout.trim(),
    ).toBe('orders.csv');
    await cli('session', 'navigate', 'dev', site.at('/downloads'));
    await cli('session', 'exec', 'dev', "document.getElementById('csv').click()");
    // Waiting for the download is not what is under test: the SDK polls, the CLI lists it once.
    await using client = new BrowserClient(undefined, { home: home.dir });
    const session = await client.getSession('dev');
    await eventually(async () => (await session.downloads()).length > 0, 'the download to be kept');
    const listedDownloads: { id: string }[] = JSON.parse(
      (await cli('session', 'downloads', 'dev', '--json')).stdout,
    ).downloads;
    const saved = home.path('saved.csv');
    const got = await cli('session', 'downloads', 'dev', listedDownloads[0]?.id as string, '--out', saved);
    expect(got.code, got.stderr).toBe(0);
    expect(readFileSync(saved, 'utf8')).toBe('symbol,price\nAAPL,209.43\n');
    const pdfFile = home.path('dev.pdf');
    expect((await cli('session', 'pdf', 'dev', pdfFile)).code).toBe(0);
    expect(readFileSync(pdfFile).subarray(0, 4).toString()).toBe('%PDF');
  });

  it('delete', async () => {
    expect((await cli('session', 'delete', 'dev')).stdout).toContain('Deleted dev');
    expect((await cli('session', 'list')).stdout).not.toContain('dev ');
  });
});

describe('mb-browser session, when it cannot', () => {
  it('explains bad input and unknown sessions with meaningful exit codes', async () => {
    const viewport = await cli('session', 'create', 'x', '--viewport', 'big');
    expect(viewport.code).toBe(2);
    expect(viewport.stderr).toContain('--viewport must look like 1280x800');

    const missing = await cli('session', 'show', 'ghost');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/ghost.*session_not_found, HTTP 404/);
    const recycleMissing = await cli('session', 'recycle', 'ghost');
    expect(recycleMissing.code).toBe(1);
    expect(recycleMissing.stderr).toMatch(/ghost.*session_not_found, HTTP 404/);

    const blocked = await cli('session', 'create', 'y', '--url', 'file:///etc/passwd');
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('url_not_allowed');

    // A token the server does not know: said to be refused (not missing), and which one was sent.
    const refused = await mbBrowser(home.dir, ['session', 'list'], {
      MB_BROWSER_TOKEN: 'not-the-servers-token',
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('unauthorized, HTTP 401');
    expect(refused.stderr).toContain('The server refused the token this command sent (MB_BROWSER_TOKEN');

    const unknown = await cli('launch-rockets');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown argument');
  });
});
