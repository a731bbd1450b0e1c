// Pages (tabs) of a session by stable id: listed, opened, activated, closed, and named by any action;
// popups become pages; ids and URLs survive a browser SIGKILL and a server restart. Aria snapshot, PDF.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PageInfo, Session } from '@marketbridge/api-types';
import { createTempHome, openEventStream, startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './test-fixtures/server.js';

const home = createTempHome('mb-pages-');
let t: TestServer;
let site: TestSite;

beforeAll(async () => {
  [t, site] = await Promise.all([startServer({}, home), startTestSite()]);
  expect((await t.api('POST', '/sessions', { name: 'tabs', url: site.at('/form') })).status).toBe(201);
});

afterAll(async () => {
  await t?.close();
  home.remove();
  await site?.close();
});

const pages = async () => (await t.api<{ pages: PageInfo[] }>('GET', '/sessions/tabs/pages')).body.pages;
const run = async (script: string, pageId?: string) =>
  (
    await t.api<{ result: unknown }>('POST', '/sessions/tabs/execute', {
      script,
      ...(pageId ? { pageId } : {}),
    })
  ).body.result;

describe('pages of a session', () => {
  it('are listed, opened and driven alternately by id', async () => {
    const [first] = await pages();
    expect(first).toMatchObject({ url: site.at('/form'), title: 'Form', active: true });
    const opened = await t.api<PageInfo>('POST', '/sessions/tabs/pages', { url: site.at('/') });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ url: site.at('/'), title: 'Home', active: true });
    const list = await pages();
    expect(list.map((p) => [p.id, p.active])).toEqual([
      [first?.id, false],
      [opened.body.id, true],
    ]);
    expect((await t.api<Session>('GET', '/sessions/tabs')).body.pageCount).toBe(2);

    expect(await run('document.title')).toBe('Home');
    expect(await run('document.title', first?.id)).toBe('Form');
    const fill = await t.api('POST', '/sessions/tabs/interact', {
      action: 'fill',
      selector: '#name',
      value: 'in the first tab',
      pageId: first?.id,
    });
    expect(fill.status).toBe(200);
    const waited = await t.api('POST', '/sessions/tabs/wait', {
      for: 'selector',
      selector: '#go',
      pageId: first?.id,
    });
    expect(waited.status).toBe(200);
    const shot = await t.api('POST', '/sessions/tabs/screenshot', { pageId: first?.id });
    expect(shot.bytes.subarray(0, 4).toString('hex')).toBe('89504e47');
    const nav = await t.api<{ url: string }>('POST', '/sessions/tabs/navigate', {
      url: site.at('/state'),
      pageId: opened.body.id,
    });
    expect(nav.body.url).toBe(site.at('/state'));

    const activated = await t.api<PageInfo>('POST', `/sessions/tabs/pages/${first?.id}/activate`, {});
    expect(activated.body).toMatchObject({ id: first?.id, active: true });
    expect(await run("document.querySelector('#name').value")).toBe('in the first tab');

    const closed = await t.api<{ pages: PageInfo[] }>('DELETE', `/sessions/tabs/pages/${opened.body.id}`);
    expect(closed.status).toBe(200);
    expect(closed.body.pages.map((p) => p.id)).toEqual([first?.id]);
  });

  it('takes a popup opened by a click as a page', async () => {
    await t.api('POST', '/sessions/tabs/navigate', { url: site.at('/popup') });
    await t.api('POST', '/sessions/tabs/interact', { action: 'click', selector: '#open' });
    await expect.poll(async () => (await pages()).length).toBe(2);
    const [opener, popup] = await pages();
    expect(popup).toMatchObject({ active: true });
    expect(await run('location.href', popup?.id)).toBe(site.at('/'));
    await t.api('DELETE', `/sessions/tabs/pages/${popup?.id}`);
    await t.api('POST', '/sessions/tabs/navigate', { url: site.at('/form'), pageId: opener?.id });
  });

  it('answers an unknown or malformed page id clearly, and nothing changes', async () => {
    const before = await pages();
    for (const [method, path, body] of [
      ['POST', '/sessions/tabs/execute', { script: '1', pageId: 'p-0000000000' }],
      ['DELETE', '/sessions/tabs/pages/p-0000000000', undefined],
      ['POST', '/sessions/tabs/pages/p-0000000000/activate', {}],
      ['GET', '/sessions/tabs/snapshot?pageId=p-0000000000', undefined],
    ] as const) {
      const res = await t.api<{ error: { code: string; message: string } }>(method, path, body);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('page_not_found');
      expect(res.body.error.message).toMatch(/has no page "p-0000000000"/);
    }
    const long = await t.api<{ error: { code: string } }>('POST', '/sessions/tabs/execute', {
      script: '1',
      pageId: 'x'.repeat(65),
    });
    expect(long.status).toBe(400);
    const badUrl = await t.api<{ error: { code: string } }>('POST', '/sessions/tabs/pages', {
      url: 'file:///etc/passwd',
    });
    expect(badUrl.body.error.code).toBe('url_not_allowed');
    expect(await pages()).toEqual(before);
  });

  it('gives an aria snapshot that names the form fields, and a PDF', async () => {
    const snap = await t.api<{ url: string; title: string; snapshot: string }>(
      'GET',
      '/sessions/tabs/snapshot',
    );
    expect(snap.status).toBe(200);
    expect(snap.body).toMatchObject({ url: site.at('/form'), title: 'Form' });
    expect(snap.body.snapshot).toContain('textbox');
    expect(snap.body.snapshot).toContain('button "Go"');
    expect(snap.body.snapshot).toContain('checkbox');
    const pdf = await t.api('POST', '/sessions/tabs/pdf', { format: 'A4' });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 4).toString()).toBe('%PDF');
  });

  it('acts on a role-and-name target and a text target, as getByRole and getByText find them', async () => {
    const act = (body: Record<string, unknown>) =>
      t.api<{ error?: { message: string } }>('POST', '/sessions/tabs/interact', body);
    expect((await act({ action: 'fill', role: 'textbox', value: 'by role' })).status).toBe(200);
    expect((await act({ action: 'click', role: 'button', name: 'Go', exact: true })).status).toBe(200);
    expect(await run("document.getElementById('out').textContent")).toBe('clicked:by role:red:false');
    expect((await act({ action: 'click', text: 'Later' })).status).toBe(200);
    const waited = await t.api('POST', '/sessions/tabs/wait', { for: 'text', text: 'Arrived late' });
    expect(waited.status).toBe(200);
    const byRole = await t.api('POST', '/sessions/tabs/wait', { for: 'role', role: 'checkbox' });
    expect(byRole.status).toBe(200);
    const missing = await act({ action: 'click', role: 'button', name: 'No such button', timeoutMs: 500 });
    expect(missing.status).toBe(408);
    expect(missing.body.error?.message).toContain('button "No such button"');

    for (const [body, message] of [
      [{ action: 'click' }, 'a target is required'],
      [{ action: 'click', selector: '#go', role: 'button' }, 'give only one target'],
      [{ action: 'click', selector: '#go', name: 'Go' }, 'name goes with role'],
      [{ action: 'click', role: 'Button!' }, 'ARIA role'],
    ] as const) {
      const res = await act(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error?.message).toContain(message);
    }
  });

  it('uploads files from bytes in the body, and refuses too big, malformed or too many', async () => {
    await run("document.body.insertAdjacentHTML('beforeend', '<input type=file id=upload multiple>')");
    const csv = 'symbol,qty\nAAPL,10\n';
    const up = await t.api('POST', '/sessions/tabs/interact', {
      action: 'upload',
      selector: '#upload',
      files: [{ name: 'orders.csv', data: Buffer.from(csv).toString('base64') }],
    });
    expect(up.status).toBe(200);
    const read = await t.api<{ result: unknown }>('POST', '/sessions/tabs/execute', {
      script:
        "const f = document.getElementById('upload').files[0]; return [f.name, f.type, await f.text()];",
    });
    expect(read.body.result).toEqual(['orders.csv', 'text/csv', csv]);

    const huge = await t.api<{ error: { code: string; message: string } }>(
      'POST',
      '/sessions/tabs/interact',
      {
        action: 'upload',
        selector: '#upload',
        files: [{ name: 'big.bin', data: Buffer.alloc(3 * 1024 * 1024).toString('base64') }],
      },
    );
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toMatch(/larger than the limit/);
    const malformed = await t.api('POST', '/sessions/tabs/interact', {
      action: 'upload',
      selector: '#upload',
      files: [{ name: 'x.txt', data: 'not base64!' }],
    });
    expect(malformed.status).toBe(400);
    const many = await t.api<{ error: { message: string } }>('POST', '/sessions/tabs/interact', {
      action: 'upload',
      selector: '#upload',
      files: Array.from({ length: 21 }, (_, i) => ({ name: `f${i}.txt`, data: '' })),
    });
    expect(many.status).toBe(400);
    expect(many.body.error.message).toMatch(/21 items; the limit is 20/);
    // The file set first is still there.
    expect(
      (
        await t.api<{ result: unknown }>('POST', '/sessions/tabs/execute', {
          script: "document.getElementById('upload').files[0].name",
        })
      ).body.result,
    ).toBe('orders.csv');
  });

  it('keeps downloads with the session: listed, fetched byte for byte, never a path from the site', async () => {
    await t.api('POST', '/sessions', { name: 'saver', url: site.at('/downloads') });
    await t.api('POST', '/sessions/saver/interact', { action: 'click', selector: '#csv' });
    await t.api('POST', '/sessions/saver/interact', { action: 'click', selector: '#sneaky' });
    type Listed = { downloads: { id: string; suggestedFilename: string; size: number; mimeType: string }[] };
    await expect
      .poll(async () => (await t.api<Listed>('GET', '/sessions/saver/downloads')).body.downloads.length)
      .toBe(2);
    const { downloads } = (await t.api<Listed>('GET', '/sessions/saver/downloads')).body;
    const csv = downloads.find((d) => d.suggestedFilename === 'report.csv');
    expect(csv).toMatchObject({ size: 25, mimeType: 'text/csv' });
    const bytes = await t.api('GET', `/sessions/saver/downloads/${csv?.id}`);
    expect(bytes.bytes.toString()).toBe('symbol,price\nAAPL,209.43\n');
    expect(bytes.headers.get('content-disposition')).toContain('filename="report.csv"');
    const sneaky = downloads.find((d) => d.id !== csv?.id);
    expect((await t.api('GET', `/sessions/saver/downloads/${sneaky?.id}`)).bytes.toString()).toBe('sneaky');
    const folder = join(t.home.dir, 'downloads');
    expect(existsSync(join(t.home.dir, 'escape.txt'))).toBe(false);
    expect(existsSync(join(folder, 'escape.txt'))).toBe(false);

    const otherSession = await t.api<{ error: { code: string } }>(
      'GET',
      `/sessions/tabs/downloads/${csv?.id}`,
    );
    expect(otherSession.status).toBe(404);
    expect(otherSession.body.error.code).toBe('download_not_found');
    expect((await t.api('GET', '/sessions/saver/downloads/..%2Fescape')).status).toBe(404);
    const saverId = (await t.api<Session>('GET', '/sessions/saver')).body.id;
    expect(readdirSync(join(folder, saverId))).toHaveLength(4);
    await t.api('DELETE', '/sessions/saver');
    expect(existsSync(join(folder, saverId))).toBe(false);
  });

  it("keeps each page's console apart (?pageId=)", async () => {
    const noisy = await t.api<PageInfo>('POST', '/sessions/tabs/pages', { url: site.at('/console') });
    const quiet = (await pages()).find((p) => p.id !== noisy.body.id);
    const of = async (pageId: string) =>
      (
        await t.api<{ entries: { text: string; pageId?: string }[] }>(
          'GET',
          `/sessions/tabs/console?pageId=${pageId}`,
        )
      ).body.entries;
    await expect
      .poll(async () => (await of(noisy.body.id)).map((e) => e.text))
      .toContain('hello from the page');
    expect((await of(noisy.body.id)).every((e) => e.pageId === noisy.body.id)).toBe(true);
    expect((await of(quiet?.id as string)).map((e) => e.text)).not.toContain('hello from the page');
    await t.api('DELETE', `/sessions/tabs/pages/${noisy.body.id}`);
  });

  it("answers every dialog by the session's policy, never hangs, and logs each one", async () => {
    const ask = async (name: string, script: string) =>
      (await t.api<{ result: unknown }>('POST', `/sessions/${name}/execute`, { script })).body.result;
    await t.api('POST', '/sessions', { name: 'polite', url: site.at('/') });
    expect(await ask('polite', "confirm('Place the order?')")).toBe(false);
    expect(await ask('polite', "prompt('Your name?')")).toBeNull();
    expect(await ask('polite', "(alert('hello'), 'after the alert')")).toBe('after the alert');
    const created = await t.api<Session>('POST', '/sessions', {
      name: 'agreeable',
      url: site.at('/'),
      dialogs: { action: 'accept', promptText: 'Ada' },
    });
    expect(created.body.dialogs).toEqual({ action: 'accept', promptText: 'Ada' });
    expect(await ask('agreeable', "confirm('Place the order?')")).toBe(true);
    expect(await ask('agreeable', "prompt('Your name?')")).toBe('Ada');
    const log = await t.api<{ entries: { kind: string; type: string; text: string }[] }>(
      'GET',
      '/sessions/agreeable/console',
    );
    expect(log.body.entries.filter((e) => e.kind === 'dialog').map((e) => [e.type, e.text])).toEqual([
      ['confirm', 'Place the order? → accepted'],
      ['prompt', 'Your name? → accepted with "Ada"'],
    ]);
    const bad = await t.api<{ error: { code: string } }>('POST', '/sessions', {
      name: 'odd',
      dialogs: { action: 'ignore' },
    });
    expect(bad.status).toBe(400);
    await t.api('DELETE', '/sessions/polite');
    // The policy is the session's: kept in its state, it applies again when the name comes back.
    await t.api('DELETE', '/sessions/agreeable?keepState=true');
    const back = await t.api<Session>('POST', '/sessions', { name: 'agreeable' });
    expect(back.body.dialogs).toEqual({ action: 'accept', promptText: 'Ada' });
    expect(await ask('agreeable', "confirm('Again?')")).toBe(true);
    await t.api('DELETE', '/sessions/agreeable');
  });

  it('answers beforeunload by the policy: dismissed, the page stays with a clear error; accepted, it is left', async () => {
    using events = await openEventStream(`${t.url}/events`, { authorization: `Bearer ${t.token}` });
    const leave = async (name: string, dialogs?: { action: 'accept' }) => {
      await t.api('POST', '/sessions', { name, url: site.at('/leave'), ...(dialogs ? { dialogs } : {}) });
      // Chromium asks only once the user has touched the page.
      const typed = await t.api('POST', `/sessions/${name}/interact`, {
        action: 'type',
        selector: '#draft',
        value: 'half an order',
      });
      expect(typed.status).toBe(200);
      return t.api<{ url: string; error: { code: string; message: string } }>(
        'POST',
        `/sessions/${name}/navigate`,
        {
          url: site.at('/'),
        },
      );
    };
    const stayed = await leave('careful');
    expect(stayed.status).toBe(502);
    expect(stayed.body.error.code).toBe('navigation_failed');
    expect(stayed.body.error.message).toMatch(
      /beforeunload.*dismisses dialogs.*dialogs: \{ action: 'accept' \}/,
    );
    const still = await t.api<Session>('GET', '/sessions/careful');
    expect(still.body.currentUrl).toBe(site.at('/leave'));
    expect(
      await t
        .api<{ result: unknown }>('POST', '/sessions/careful/execute', {
          script: "document.querySelector('#draft').value",
        })
        .then((r) => r.body.result),
    ).toBe('half an order');
    const dialog = await events.next<{ name: string; entry: { kind: string; type: string; text: string } }>(
      'dialog',
    );
    expect(dialog.data).toMatchObject({
      name: 'careful',
      entry: { kind: 'dialog', type: 'beforeunload', text: 'beforeunload → dismissed (the page stays)' },
    });
    const left = await leave('leaving', { action: 'accept' });
    expect(left.status).toBe(200);
    expect(left.body.url).toBe(site.at('/'));
    const accepted = await events.next<{ name: string; entry: { text: string } }>('dialog');
    expect(accepted.data).toMatchObject({
      name: 'leaving',
      entry: { text: 'beforeunload → accepted (the page is left)' },
    });
    await t.api('DELETE', '/sessions/careful');
    await t.api('DELETE', '/sessions/leaving');
  });

  it('keeps page ids and URLs across a browser SIGKILL and a server restart', async () => {
    await t.api('POST', '/sessions/tabs/pages', { url: site.at('/') });
    const before = (await pages()).map(({ id, url, active }) => ({ id, url, active }));
    expect(before).toHaveLength(2);
    await t.server.manager.saveSession('tabs');
    // Waits for the restore itself: polling for 'active' can read the status from before the kill is
    // noticed (on a loaded machine), and the pages are read mid-restore.
    const manager = t.server.manager;
    const restored = new Promise<void>((resolve) => {
      const onRestored = ({ session }: { session: Session }) => {
        if (session.name !== 'tabs') return;
        manager.off('session-restored', onRestored);
        resolve();
      };
      manager.on('session-restored', onRestored);
    });
    for (const pid of manager.browserPids()) process.kill(pid, 'SIGKILL');
    await restored;
    expect((await t.api<Session>('GET', '/sessions/tabs')).body.status).toBe('active');
    expect((await pages()).map(({ id, url, active }) => ({ id, url, active }))).toEqual(before);
    await t.close();
    t = await startServer({}, home);
    expect((await pages()).map(({ id, url, active }) => ({ id, url, active }))).toEqual(before);
    expect(await run('document.title', before[0]?.id)).toBe('Form');
  });
});
