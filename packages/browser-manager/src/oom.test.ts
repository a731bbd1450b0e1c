// A page that allocates until its renderer runs out of memory — a real V8 out-of-memory crash, not
// `Page.crash`. V8's heap is capped at 64 MB (--max-old-space-size) so the crash comes in about a second.
import { descendantsOf, errorOf, eventually } from '@marketbridge/test-helpers';
import { expect, it } from 'vitest';
import { isAlive } from './processes.js';
import { useManager } from './test-fixtures/manager-fixture.js';
import type { BrowserManagerEvents } from './types.js';

const fx = useManager({ launchArgs: ['--js-flags=--max-old-space-size=64'] });

const allocateForever = `
  const kept = [];
  while (true) kept.push(Array.from({ length: 100000 }, (_, i) => ({ i })));
`;

const renderersOf = (browser: number) => descendantsOf(browser, (cmd) => cmd.includes('--type=renderer'));

it('a page that runs out of memory: typed error in time, the session back in place, nothing leaked', async () => {
  const crashed: BrowserManagerEvents['session-crashed'][0][] = [];
  const restored: BrowserManagerEvents['session-restored'][0][] = [];
  fx.manager.on('session-crashed', (e) => crashed.push(e));
  fx.manager.on('session-restored', (e) => restored.push(e));
  const { session } = await fx.manager.createSession({ name: 'hungry', url: fx.site.at('/form') });
  // The cap is in force (Chromium's default is several GB).
  expect(await fx.manager.execute('hungry', 'performance.memory.jsHeapSizeLimit')).toBeLessThan(
    256 * 2 ** 20,
  );
  const [browser] = fx.manager.browserPids() as [number];
  const renderersBefore = renderersOf(browser);

  const started = Date.now();
  // The script's own timeout only catches a renderer that never runs out: filling the heap takes
  // seconds on a quiet machine and much longer on a busy one.
  const error = await errorOf(fx.manager.execute('hungry', allocateForever, [], 150_000));
  const elapsed = Date.now() - started;
  console.log(`out-of-memory crash answered in ${elapsed} ms: ${error.message}`);

  expect(error.code).toBe('session_unavailable');
  expect(error.message).toMatch(/Session "hungry".*crashed.*out of memory/);
  // The renderer died (a crash event), rather than the script failing with a RangeError.
  expect(crashed).toEqual([expect.objectContaining({ reason: 'page-crashed' })]);
  const dead = renderersBefore.filter((p) => !isAlive(p));
  expect(dead.length, `renderers before ${renderersBefore}, now ${renderersOf(browser)}`).toBe(1);

  await eventually(() => restored.some((r) => r.reason === 'page-crashed'), 'the page to be replaced');
  expect(await fx.manager.execute('hungry', 'location.pathname')).toBe('/form');
  expect(await fx.manager.execute('hungry', '6 * 7')).toBe(42);
  expect(fx.manager.getSession('hungry')).toMatchObject({
    id: session.id,
    status: 'active',
    currentUrl: fx.site.at('/form'),
    pageCount: 1,
  });
  // Same browser, no stray one, and no renderer piles up: the page lives in a new one.
  expect(fx.manager.browserPids()).toEqual([browser]);
  await eventually(
    () => renderersOf(browser).length <= renderersBefore.length,
    `at most ${renderersBefore.length} renderers (now ${renderersOf(browser)})`,
    5_000,
  );
  expect(
    renderersOf(browser).filter((p) => !renderersBefore.includes(p)),
    'a new renderer',
  ).not.toHaveLength(0);
});
