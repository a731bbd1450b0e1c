import { errorOf, eventually } from '@marketbridge/test-helpers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScriptError, UrlNotAllowedError } from './errors.js';
import { useManager } from './test-fixtures/manager-fixture.js';

const fx = useManager();

let id: string;

beforeAll(async () => {
  ({
    session: { id },
  } = await fx.manager.createSession({ name: 'ops', url: fx.site.at('/form') }));
});

describe('navigate', () => {
  it('answers with the final URL, title and HTTP status', async () => {
    const result = await fx.manager.navigate(id, { url: fx.site.at('/') });
    expect(result).toEqual({ url: fx.site.at('/'), title: 'Home', status: 200 });
    expect(fx.manager.getSession('ops')).toMatchObject({
      currentUrl: fx.site.at('/'),
      title: 'Home',
      status: 'active',
    });
    expect((await fx.manager.navigate(id, { url: fx.site.at('/missing') })).status).toBe(404);
  });

  it.each([
    'file:///etc/passwd',
    'chrome://settings',
    'javascript:alert(1)',
    'data:text/html,hi',
    'view-source:http://x',
  ])('blocks %s and leaves the page where it was', async (url) => {
    await fx.manager.navigate(id, { url: fx.site.at('/') });
    await expect(fx.manager.navigate(id, { url })).rejects.toBeInstanceOf(UrlNotAllowedError);
    expect(fx.manager.getSession(id).currentUrl).toBe(fx.site.at('/'));
  });
});

describe('execute', () => {
  it('evaluates expressions, function bodies with return, promises, functions and args', async () => {
    await fx.manager.navigate(id, { url: fx.site.at('/form') });
    expect(await fx.manager.execute(id, 'document.title')).toBe('Form');
    expect(await fx.manager.execute(id, 'document.title;')).toBe('Form');
    expect(await fx.manager.execute(id, 'const a = 2;\nreturn a * 21;')).toBe(42);
    expect(
      await fx.manager.execute(id, 'new Promise((r) => setTimeout(() => r({ ok: [1, 2] }), 10))'),
    ).toEqual({
      ok: [1, 2],
    });
    expect(await fx.manager.execute(id, 'return args[0] + args[1]', [2, 3])).toBe(5);
    expect(await fx.manager.execute(id, '(a, b) => a * b', [6, 7])).toBe(42);
    expect(await fx.manager.execute(id, 'undefined')).toBeNull();
  });

  it('refuses results JSON cannot carry, with a clear message', async () => {
    await expect(fx.manager.execute(id, 'document.body')).rejects.toThrow(/DOM node/);
    await expect(fx.manager.execute(id, 'const o = {}; o.self = o; return o;')).rejects.toThrow(/circular/i);
    await expect(fx.manager.execute(id, 'Symbol("x")')).rejects.toThrow(/symbol/);
  });

  it('reports page errors and syntax errors as ScriptError', async () => {
    const thrown = await errorOf(fx.manager.execute(id, 'throw new Error("nope")'));
    expect(thrown).toBeInstanceOf(ScriptError);
    expect(thrown.code).toBe('script_error');
    expect(thrown.message).toContain('nope');
    await expect(fx.manager.execute(id, 'return (')).rejects.toThrow(/does not parse/);
    await expect(fx.manager.execute(id, 'notDefinedAnywhere + 1')).rejects.toThrow(
      /notDefinedAnywhere is not defined/,
    );
  });
});

describe('interact and wait', () => {
  it('fills, selects, checks and clicks through the real form', async () => {
    await fx.manager.navigate(id, { url: fx.site.at('/form') });
    await fx.manager.interact(id, { action: 'fill', selector: '#name', value: 'Ada' });
    await fx.manager.interact(id, { action: 'select', selector: '#color', value: 'blue' });
    await fx.manager.interact(id, { action: 'check', selector: '#agree' });
    await fx.manager.interact(id, { action: 'click', selector: '#go' });
    expect(await fx.manager.execute(id, "document.querySelector('#out').textContent")).toBe(
      'clicked:Ada:blue:true',
    );
    await fx.manager.interact(id, { action: 'uncheck', selector: '#agree' });
    await fx.manager.interact(id, { action: 'dblclick', selector: '#go' });
    expect(await fx.manager.execute(id, "document.querySelector('#out').textContent")).toBe(
      'clicked:Ada:blue:false',
    );
  });

  it('types, presses, hovers and focuses', async () => {
    await fx.manager.interact(id, { action: 'focus', selector: '#keys' });
    await fx.manager.interact(id, { action: 'press', selector: '#keys', value: 'Enter' });
    expect(await fx.manager.execute(id, "document.querySelector('#out').textContent")).toBe('key:Enter');
    await fx.manager.interact(id, { action: 'fill', selector: '#name', value: '' });
    await fx.manager.interact(id, { action: 'type', selector: '#name', value: 'Bob' });
    expect(await fx.manager.execute(id, "document.querySelector('#name').value")).toBe('Bob');
    await fx.manager.interact(id, { action: 'hover', selector: '#go' });
  });

  it('reports a missing option as action_failed', async () => {
    const error = await errorOf(
      fx.manager.interact(id, { action: 'select', selector: '#color', value: 'purple', timeoutMs: 1000 }),
    );
    expect(error.code).toMatch(/action_failed|timeout/);
  });

  it('waits for each kind of condition', async () => {
    await fx.manager.navigate(id, { url: fx.site.at('/form') });
    await fx.manager.interact(id, { action: 'click', selector: '#later' });
    expect(
      (await fx.manager.wait(id, { for: 'selector', selector: '#late' })).elapsedMs,
    ).toBeGreaterThanOrEqual(0);
    await fx.manager.wait(id, { for: 'text', text: 'Arrived late' });
    await fx.manager.wait(id, { for: 'selector', selector: '#nothing-here', state: 'detached' });
    await fx.manager.wait(id, { for: 'function', expression: "document.querySelector('#late') !== null" });
    await fx.manager.wait(id, { for: 'load', state: 'domcontentloaded' });
    await fx.manager.navigate(id, { url: fx.site.at('/') });
    await fx.manager.interact(id, { action: 'click', selector: '#to-form' });
    await fx.manager.wait(id, { for: 'url', url: '**/form' });
    const { elapsedMs } = await fx.manager.wait(id, { for: 'timeout', ms: 150 });
    expect(elapsedMs).toBeGreaterThanOrEqual(140);
  });
});

describe('screenshot and console', () => {
  it('returns PNG and JPEG bytes, of the page or of one element', async () => {
    await fx.manager.navigate(id, { url: fx.site.at('/form') });
    const png = await fx.manager.screenshot(id, { fullPage: true });
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const jpeg = await fx.manager.screenshot(id, { type: 'jpeg', quality: 50 });
    expect(jpeg.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    const element = await fx.manager.screenshot(id, { selector: '#go' });
    expect(element.length).toBeLessThan(png.length);
  });

  it('captures console messages and page errors, newest last and bounded', async () => {
    await fx.manager.navigate(id, { url: fx.site.at('/console') });
    await fx.manager.wait(id, { for: 'timeout', ms: 100 });
    const entries = fx.manager.console(id);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'console', type: 'log', text: 'hello from the page' }),
        expect.objectContaining({ kind: 'console', type: 'warning', text: 'careful' }),
        expect.objectContaining({ kind: 'pageerror', text: expect.stringContaining('boom in page') }),
      ]),
    );
    expect(fx.manager.console(id, 1)).toHaveLength(1);
  });
});

describe('sessions', () => {
  it('runs operations on one session in arrival order', async () => {
    await fx.manager.navigate(id, { url: fx.site.at('/form') });
    await fx.manager.execute(id, 'window.trace = []');
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fx.manager.execute(
          id,
          `new Promise((r) => setTimeout(() => { window.trace.push(${i}); r(); }, ${(10 - i) * 5}))`,
        ),
      ),
    );
    expect(await fx.manager.execute(id, 'window.trace')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('tracks popups as new pages and makes the newest active', async () => {
    const { session } = await fx.manager.createSession({ name: 'popups', url: fx.site.at('/popup') });
    await fx.manager.interact(session.id, { action: 'click', selector: '#open' });
    const info = await eventually(() => {
      const s = fx.manager.getSession(session.id);
      return s.pageCount === 2 && s.currentUrl === fx.site.at('/') ? s : undefined;
    }, 'the popup to be tracked');
    expect(info.currentUrl).toBe(fx.site.at('/'));
    await fx.manager.closeSession(session.id);
  });

  it('refuses a duplicate name, reuses with reuse: true, and rejects bad options before launching', async () => {
    await expect(fx.manager.createSession({ name: 'ops' })).rejects.toMatchObject({ code: 'name_taken' });
    const reused = await fx.manager.createSession({ name: 'ops', reuse: true });
    expect(reused).toMatchObject({ created: false, session: { id } });
    await expect(fx.manager.createSession({ name: '../escape' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(
      fx.manager.createSession({ name: 'x', viewport: { width: 1, height: 1 } }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(fx.manager.listSessions().map((s) => s.name)).toEqual(['ops']);
  });

  it('gives a clear browser_unavailable error for a browser that is not installed', async () => {
    const error = await errorOf(fx.manager.createSession({ name: 'ff', browserType: 'firefox' }));
    expect(error.code).toBe('browser_unavailable');
    expect(error.message).toContain('npx playwright install firefox');
    expect(fx.manager.findSession('ff')).toBeUndefined();
  });

  it('runs concurrent creates of one name with reuse into a single session', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => fx.manager.createSession({ name: 'race', reuse: true })),
    );
    expect(new Set(results.map((r) => r.session.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    await fx.manager.closeSession('race');
    expect(fx.manager.findSession('race')).toBeUndefined();
    await expect(fx.manager.execute('race', '1')).rejects.toMatchObject({ code: 'session_not_found' });
  });
});
