import { deadPort, errorOf } from '@marketbridge/test-helpers';
import { beforeAll, describe, expect, it } from 'vitest';
import { NavigationError, OperationTimeoutError } from './errors.js';
import { useManager } from './test-fixtures/manager-fixture.js';

const fx = useManager();

beforeAll(async () => {
  await fx.manager.createSession({ name: 'stuck', url: fx.site.at('/form') });
});

async function stillUsable(): Promise<void> {
  expect(await fx.manager.execute('stuck', '6 * 7')).toBe(42);
  expect((await fx.manager.navigate('stuck', { url: fx.site.at('/') })).title).toBe('Home');
}

describe('nothing hangs forever', () => {
  it('interrupts `while (true)` in execute at its timeout, and the page is usable after', async () => {
    const error = await errorOf(fx.manager.execute('stuck', 'while (true) {}', [], 1500));
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect(error).toMatchObject({ code: 'timeout', message: 'Script did not finish within 1500 ms' });
    await stillUsable();
  });

  it('times out a never-resolving promise without touching the page', async () => {
    await fx.manager.execute('stuck', 'window.kept = 1');
    const error = await errorOf(fx.manager.execute('stuck', 'new Promise(() => {})', [], 800));
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect(await fx.manager.execute('stuck', 'window.kept')).toBe(1);
  });

  it('fails a selector that never appears with a typed timeout naming the selector', async () => {
    const error = await errorOf(
      fx.manager.interact('stuck', { action: 'click', selector: '#never-there', timeoutMs: 700 }),
    );
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect(error.message).toMatch(/click on "#never-there" did not finish within 700 ms/);
    const waitError = await errorOf(
      fx.manager.wait('stuck', { for: 'selector', selector: '#nope', timeoutMs: 500 }),
    );
    expect(waitError.code).toBe('timeout');
    await stillUsable();
  });

  it('fails navigation to a dead port with navigation_failed naming the URL', async () => {
    const url = `http://127.0.0.1:${await deadPort()}/`;
    const error = await errorOf(fx.manager.navigate('stuck', { url, timeoutMs: 5000 }));
    expect(error).toBeInstanceOf(NavigationError);
    expect(error.message).toContain(url);
    expect(error.message).toMatch(/ERR_CONNECTION_REFUSED/);
    await stillUsable();
  });

  it('times out a slow server at the navigation timeout', async () => {
    const error = await errorOf(
      fx.manager.navigate('stuck', { url: fx.site.at('/slow?ms=5000'), timeoutMs: 600 }),
    );
    expect(error).toBeInstanceOf(OperationTimeoutError);
    await stillUsable();
  });

  it('interrupts a polled wait function that blocks the page', async () => {
    const error = await errorOf(
      fx.manager.wait('stuck', {
        for: 'function',
        expression: '(() => { while (true) {} })()',
        timeoutMs: 800,
      }),
    );
    expect(error.code).toBe('timeout');
    await stillUsable();
  });
});
