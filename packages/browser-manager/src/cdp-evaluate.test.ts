// `execute` on Chromium runs over the page's own DevTools session instead of page.evaluate: these tests
// show it is that path that answers, and that it answers as page.evaluate did (values, errors, user
// gesture, a crash or close under the call).
import { errorOf, eventually } from '@marketbridge/test-helpers';
import type { Page } from 'playwright-core';
import { beforeEach, expect, it } from 'vitest';
import { ScriptError } from './errors.js';
import { useManager } from './test-fixtures/manager-fixture.js';

const fx = useManager({ perTest: true });

let page: Page;
/** A script that marks that it runs and never settles. */
const STARTED_FOREVER = '(window.started = true, new Promise(() => {}))';

beforeEach(async () => {
  await fx.manager.createSession({ name: 'cdp', url: fx.site.at('/form') });
  page = await fx.manager.withPage('cdp', async (p) => p);
});

it('answers without page.evaluate, with the same values and script errors', async () => {
  await fx.manager.execute('cdp', '1');
  page.evaluate = () => Promise.reject(new Error('page.evaluate was called'));
  expect(await fx.manager.execute('cdp', 'document.title')).toBe('Form');
  expect(
    await fx.manager.execute('cdp', 'new Promise((r) => setTimeout(() => r([1, { a: 2 }]), 5))'),
  ).toEqual([1, { a: 2 }]);
  expect(await fx.manager.execute('cdp', '(a, b) => a * b', [6, 7])).toBe(42);
  const thrown = await errorOf(fx.manager.execute('cdp', 'throw new Error("nope")'));
  expect(thrown).toBeInstanceOf(ScriptError);
  expect(thrown.message).toBe('Script failed: Error: nope');
  expect((await errorOf(fx.manager.execute('cdp', 'throw "plain"'))).message).toBe('Script failed: plain');
  await expect(fx.manager.execute('cdp', 'Promise.reject(new TypeError("later"))')).rejects.toThrow(
    'Script failed: TypeError: later',
  );
});

it('runs with a user gesture, as page.evaluate does', async () => {
  // A new document starts without one (Playwright's goto runs no script in it; the manager's navigate
  // reads the title, with a gesture); the execute that reads it must bring it.
  await page.goto(fx.site.at('/'));
  expect(await fx.manager.execute('cdp', 'navigator.userActivation.isActive')).toBe(true);
});

it('reports a renderer crash under a running script as the session being unavailable, then recovers', async () => {
  const running = errorOf(fx.manager.execute('cdp', STARTED_FOREVER, [], 30_000));
  await eventually(async () => (await page.evaluate('window.started')) === true, 'the script to start');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.crash').catch(() => undefined);
  const error = await running;
  expect(error.code).toBe('session_unavailable');
  expect(error.message).toMatch(/crashed/);
  await eventually(
    async () => (await fx.manager.execute('cdp', 'location.pathname').catch(() => '')) === '/form',
    'the page to be back at /form',
  );
});

it('reports a page closed under a running script as the session being unavailable', async () => {
  const running = errorOf(fx.manager.execute('cdp', STARTED_FOREVER, [], 30_000));
  await eventually(async () => (await page.evaluate('window.started')) === true, 'the script to start');
  await page.close();
  const error = await running;
  expect(error.code).toBe('session_unavailable');
  expect(error.message).toMatch(/closed during the request/);
});
