import {
  createTempHome,
  errorOf,
  eventually,
  startTestSite,
  type TempHome,
  type TestSite,
} from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptError, UrlNotAllowedError } from './errors.js';
import { BrowserManager } from './manager.js';

let home: TempHome;
let site: TestSite;
let manager: BrowserManager;
let id: string;

beforeAll(async () => {
  home = createTempHome();
  site = await startTestSite();
  manager = await BrowserManager.create({ home: home.dir, saveIntervalMs: 0 });
  ({
    session: { id },
  } = await manager.createSession({ name: 'ops', url: site.at('/form') }));
});

afterAll(async () => {
  await manager?.close();
  await site?.close();
  home?.remove();
});

describe('navigate', () => {
  it('answers with the final URL, title and HTTP status', async () => {
    const result = await manager.navigate(id, { url: site.at('/') });
    expect(result).toEqual({ url: site.at('/'), title: 'Home', status: 200 });
    expect(manager.getSession('ops')).toMatchObject({
      currentUrl: site.at('/'),
      title: 'Home',
      status: 'active',
    });
    expect((await manager.navigate(id, { url: site.at('/missing') })).status).toBe(404);
  });

  it.each([
    'file:///etc/passwd',
    'chrome://settings',
    'javascript:alert(1)',
    'data:text/html,hi',
    'view-source:http://x',
  ])('blocks %s and leaves the page where it was', async (url) => {
    await manager.navigate(id, { url: site.at('/') });
    await expect(manager.navigate(id, { url })).rejects.toBeInstanceOf(UrlNotAllowedError);
    expect(manager.getSession(id).currentUrl).toBe(site.at('/'));
  });
});

describe('execute', () => {
  it('evaluates expressions, function bodies with return, promises, functions and args', async () => {
    await manager.navigate(id, { url: site.at('/form') });
    expect(await manager.execute(id, 'document.title')).toBe('Form');
    expect(await manager.execute(id, 'document.title;')).toBe('Form');
    expect(await manager.execute(id, 'const a = 2;\nreturn a * 21;')).toBe(42);
    expect(await manager.execute(id, 'new Promise((r) => setTimeout(() => r({ ok: [1, 2] }), 10))')).toEqual({
      ok: [1, 2],
    });
    expect(await manager.execute(id, 'return args[0] + args[1]', [2, 3])).toBe(5);
    expect(await manager.execute(id, '(a, b) => a * b', [6, 7])).toBe(42);
    expect(await manager.execute(id, 'undefined')).toBeNull();
  });

  it('refuses results JSON cannot carry, with a clear message', async () => {
    await expect(manager.execute(id, 'document.body')).rejects.toThrow(/DOM node/);
    await expect(manager.execute(id, 'const o = {}; o.self = o; return o;')).rejects.toThrow(/circular/i);
    await expect(manager.execute(id, 'Symbol("x")')).rejects.toThrow(/symbol/);
  });

  it('reports page errors and syntax errors as ScriptError', async () => {
    const thrown = await errorOf(manager.execute(id, 'throw new Error("nope")'));
    expect(thrown).toBeInstanceOf(ScriptError);
    expect(thrown.code).toBe('script_error');
    expect(thrown.message).toContain('nope');
    await expect(manager.execute(id, 'return (')).rejects.toThrow(/does not parse/);
    await expect(manager.execute(id, 'notDefinedAnywhere + 1')).rejects.toThrow(
      /notDefinedAnywhere is not defined/,
    );
  });
});

describe('interact and wait', () => {
  it('fills, selects, checks and clicks through the real form', async () => {
    await manager.navigate(id, { url: site.at('/form') });
    await manager.interact(id, { action: 'fill', selector: '#name', value: 'Ada' });
    await manager.interact(id, { action: 'select', selector: '#color', value: 'blue' });
    await manager.interact(id, { action: 'check', selector: '#agree' });
    await manager.interact(id, { action: 'click', selector: '#go' });
    expect(await manager.execute(id, "document.querySelector('#out').textContent")).toBe(
      'clicked:Ada:blue:true',
    );
    await manager.interact(id, { action: 'uncheck', selector: '#agree' });
    await manager.interact(id, { action: 'dblclick', selector: '#go' });
    expect(await manager.execute(id, "document.querySelector('#out').textContent")).toBe(
      'clicked:Ada:blue:false',
    );
  });

  it('types, presses, hovers and focuses', async () => {
    await manager.interact(id, { action: 'focus', selector: '#keys' });
    await manager.interact(id, { action: 'press', selector: '#keys', value: 'Enter' });
    expect(await manager.execute(id, "document.querySelector('#out').textContent")).toBe('key:Enter');
    await manager.interact(id, { action: 'fill', selector: '#name', value: '' });
    await manager.interact(id, { action: 'type', selector: '#name', value: 'Bob' });
    expect(await manager.execute(id, "document.querySelector('#name').value")).toBe('Bob');
    await manager.interact(id, { action: 'hover', selector: '#go' });
  });

  it('reports a missing option as action_failed', async () => {
    const error = await errorOf(
      manager.interact(id, { action: 'select', selector: '#color', value: 'purple', timeoutMs: 1000 }),
    );
    expect(error.code).toMatch(/action_failed|timeout/);
  });

  it('waits for each kind of condition', async () => {
    await manager.navigate(id, { url: site.at('/form') });
    await manager.interact(id, { action: 'click', selector: '#later' });
    expect((await manager.wait(id, { for: 'selector', selector: '#late' })).elapsedMs).toBeGreaterThanOrEqual(
      0,
    );
    await manager.wait(id, { for: 'text', text: 'Arrived late' });
    await manager.wait(id, { for: 'selector', selector: '#nothing-here', state: 'detached' });
    await manager.wait(id, { for: 'function', expression: "document.querySelector('#late') !== null" });
    await manager.wait(id, { for: 'load', state: 'domcontentloaded' });
    await manager.navigate(id, { url: site.at('/') });
    await manager.interact(id, { action: 'click', selector: '#to-form' });
    await manager.wait(id, { for: 'url', url: '**/form' });
    const { elapsedMs } = await manager.wait(id, { for: 'timeout', ms: 150 });
    expect(elapsedMs).toBeGreaterThanOrEqual(140);
  });
});

describe('screenshot and console', () => {
  it('returns PNG and JPEG bytes, of the page or of one element', async () => {
    await manager.navigate(id, { url: site.at('/form') });
    const png = await manager.screenshot(id, { fullPage: true });
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const jpeg = await manager.screenshot(id, { type: 'jpeg', quality: 50 });
    expect(jpeg.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    const element = await manager.screenshot(id, { selector: '#go' });
    expect(element.length).toBeLessThan(png.length);
  });

  it('captures console messages and page errors, newest last and bounded', async () => {
    await manager.navigate(id, { url: site.at('/console') });
    await manager.wait(id, { for: 'timeout', ms: 100 });
    const entries = manager.console(id);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'console', type: 'log', text: 'hello from the page' }),
        expect.objectContaining({ kind: 'console', type: 'warning', text: 'careful' }),
        expect.objectContaining({ kind: 'pageerror', text: expect.stringContaining('boom in page') }),
      ]),
    );
    expect(manager.console(id, 1)).toHaveLength(1);
  });
});

describe('sessions', () => {
  it('runs operations on one session in arrival order', async () => {
    await manager.navigate(id, { url: site.at('/form') });
    await manager.execute(id, 'window.trace = []');
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        manager.execute(
          id,
          `new Promise((r) => setTimeout(() => { window.trace.push(${i}); r(); }, ${(10 - i) * 5}))`,
        ),
      ),
    );
    expect(await manager.execute(id, 'window.trace')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('tracks popups as new pages and makes the newest active', async () => {
    const { session } = await manager.createSession({ name: 'popups', url: site.at('/popup') });
    await manager.interact(session.id, { action: 'click', selector: '#open' });
    const info = await eventually(() => {
      const s = manager.getSession(session.id);
      return s.pageCount === 2 && s.currentUrl === site.at('/') ? s : undefined;
    }, 'the popup to be tracked');
    expect(info.currentUrl).toBe(site.at('/'));
    await manager.closeSession(session.id);
  });

  it('refuses a duplicate name, reuses with reuse: true, and rejects bad options before launching', async () => {
    await expect(manager.createSession({ name: 'ops' })).rejects.toMatchObject({ code: 'name_taken' });
    const reused = await manager.createSession({ name: 'ops', reuse: true });
    expect(reused).toMatchObject({ created: false, session: { id } });
    await expect(manager.createSession({ name: '../escape' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(
      manager.createSession({ name: 'x', viewport: { width: 1, height: 1 } }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(manager.listSessions().map((s) => s.name)).toEqual(['ops']);
  });

  it('gives a clear browser_unavailable error for a browser that is not installed', async () => {
    const error = await errorOf(manager.createSession({ name: 'ff', browserType: 'firefox' }));
    expect(error.code).toBe('browser_unavailable');
    expect(error.message).toContain('npx playwright install firefox');
    expect(manager.findSession('ff')).toBeUndefined();
  });

  it('runs concurrent creates of one name with reuse into a single session', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => manager.createSession({ name: 'race', reuse: true })),
    );
    expect(new Set(results.map((r) => r.session.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    await manager.closeSession('race');
    expect(manager.findSession('race')).toBeUndefined();
    await expect(manager.execute('race', '1')).rejects.toMatchObject({ code: 'session_not_found' });
  });
});
