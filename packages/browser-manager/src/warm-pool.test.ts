// The warm pool: a new session takes a ready context, the pool refills in the background, sessions
// that need newContext options take the cold path with their options, 0 turns it off, and shutdown
// leaves nothing running. States are polled; nothing is timed.
import { descendantsOf, eventually, stillRunning } from '@marketbridge/test-helpers';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './errors.js';
import { BrowserManager } from './manager.js';
import { useManager } from './test-fixtures/manager-fixture.js';

const fx = useManager({ perTest: true, warmContexts: 1 });

/** Every context of the session's browser, the warm pool's included. */
const allContexts = (manager: BrowserManager, name: string) =>
  manager.withPage(name, async (page) => page.context().browser()?.contexts().length);

describe('warm pool', () => {
  it('hands a ready context to a new session and refills in the background', async () => {
    const manager = fx.manager;
    await manager.createSession({ name: 'first' });
    // The first session of a kind launches its browser cold; the pool then fills.
    await eventually(() => manager.warmPool().ready === 1, 'the pool to fill');
    expect(manager.warmPool()).toMatchObject({ taken: 0, made: 1 });

    const { session } = await manager.createSession({ name: 'second', url: fx.site.at('/state') });
    expect(manager.warmPool().taken).toBe(1);
    expect(session).toMatchObject({ status: 'active', currentUrl: fx.site.at('/state'), pageCount: 1 });
    expect(await manager.execute('second', 'document.cookie')).toBe('visited=yes');
    expect(await manager.withPage('second', async (p) => p.viewportSize())).toEqual({
      width: 1280,
      height: 800,
    });
    await eventually(() => manager.warmPool().ready === 1, 'the pool to refill');
    expect(manager.warmPool()).toMatchObject({ taken: 1, made: 2, discarded: 0 });

    // Nothing of the pool shows as a session, nor in the browser's count of session contexts.
    expect(
      manager
        .listSessions()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['first', 'second']);
    expect(await allContexts(manager, 'second')).toBe(3);
    expect((await manager.browsers())[0]).toMatchObject({ contexts: 2 });

    // Pages opened later (popups too) are the session's, in the taken context.
    await manager.navigate('second', { url: fx.site.at('/popup') });
    await manager.interact('second', { action: 'click', selector: '#open' });
    await eventually(() => manager.getSession('second').pageCount === 2, 'the popup to be tracked');
    // A closed session's context never comes back to the pool.
    await manager.closeSession('second');
    expect(manager.warmPool()).toMatchObject({ ready: 1, taken: 1, made: 2 });
  });

  it('starts sessions that need newContext options, storage or a viewport of their own cold, with them', async () => {
    const manager = fx.manager;
    await manager.createSession({ name: 'plain' });
    await eventually(() => manager.warmPool().ready === 1, 'the pool to fill');

    await manager.createSession({ name: 'german', locale: 'de-DE', userAgent: 'WarmTest/1.0' });
    expect(await manager.execute('german', 'navigator.language')).toBe('de-DE');
    expect(await manager.execute('german', 'navigator.userAgent')).toBe('WarmTest/1.0');

    await manager.createSession({ name: 'small', viewport: { width: 640, height: 480 } });
    expect(await manager.execute('small', '[innerWidth, innerHeight]')).toEqual([640, 480]);

    const origin = new URL(fx.site.at('/')).origin;
    await manager.createSession({
      name: 'stored',
      storageState: {
        cookies: [{ name: 'carried', value: 'yes', domain: new URL(origin).hostname, path: '/' }],
        origins: [],
      },
      url: fx.site.at('/'),
    });
    expect(await manager.execute('stored', 'document.cookie')).toContain('carried=yes');

    // A name with saved state is a restore: cold, from its state.
    await manager.navigate('plain', { url: fx.site.at('/state') });
    await manager.closeSession('plain', { keepState: true });
    await manager.createSession({ name: 'plain' });
    expect(await manager.execute('plain', "localStorage.getItem('token')")).toBe('abc123');

    expect(manager.warmPool()).toMatchObject({ ready: 1, taken: 0 });
  });

  it('keeps no extra context with warmContexts 0', async () => {
    await fx.manager.close();
    fx.manager = await BrowserManager.create({ home: fx.home.dir, saveIntervalMs: 0, warmContexts: 0 });
    await fx.manager.createSession({ name: 'a' });
    await fx.manager.createSession({ name: 'b' });
    expect(await allContexts(fx.manager, 'b')).toBe(2);
    expect(fx.manager.warmPool()).toEqual({ ready: 0, taken: 0, made: 0, discarded: 0 });
  });

  it('refuses a warmContexts that is not a whole number from 0 to 8', async () => {
    for (const bad of [-1, 1.5, 9, Number.NaN]) {
      await expect(
        BrowserManager.create({ home: fx.home.dir, warmContexts: bad }),
        String(bad),
      ).rejects.toThrow(InvalidOptionError);
    }
    await expect(BrowserManager.create({ home: fx.home.dir, warmContexts: 9 })).rejects.toThrow(
      'warmContexts must be a whole number from 0 (off) to 8, got 9.',
    );
  });

  it('closes the ready contexts at shutdown and leaves no process', async () => {
    const manager = fx.manager;
    await manager.createSession({ name: 'one' });
    await eventually(() => manager.warmPool().ready === 1, 'the pool to fill');
    const [browser] = manager.browserPids() as [number];
    const tree = [browser, ...descendantsOf(browser)];
    await manager.close();
    expect(manager.warmPool().ready).toBe(0);
    await eventually(() => stillRunning(tree).length === 0, 'every browser process to exit');
  });
});
