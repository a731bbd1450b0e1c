import { readFileSync } from 'node:fs';
import { eventually } from '@marketbridge/test-helpers';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, SessionNotFoundError, SessionUnavailableError } from './errors.js';
import { BrowserManager } from './manager.js';
import { useManager } from './test-fixtures/manager-fixture.js';

const fx = useManager({ perTest: true });

async function replaceManager(options: Parameters<typeof BrowserManager.create>[0]): Promise<BrowserManager> {
  await fx.manager.close();
  fx.manager = await BrowserManager.create({ home: fx.home.dir, saveIntervalMs: 0, ...options });
  return fx.manager;
}

describe('context recycling', () => {
  it('replaces the context and keeps id, name, pages, cookies and localStorage', async () => {
    const manager = fx.manager;
    const { session } = await manager.createSession({ name: 'long', url: fx.site.at('/state') });
    await manager.navigate('long', { url: fx.site.at('/popup') });
    await manager.interact('long', { action: 'click', selector: '#open' });
    await eventually(() => manager.getSession('long').pageCount === 2, 'the popup to open');
    await manager.execute('long', 'window.inPageOnly = 42');
    const oldContext = await manager.withPage('long', async (page) => page.context());
    const events: string[] = [];
    manager.on('session-recycled', ({ session: s, reason }) => events.push(`${s.id}:${reason}`));

    const result = await manager.recycleSession('long');
    expect(result.durationMs).toBeGreaterThan(0);
    expect(result.session).toMatchObject({ id: session.id, status: 'active', pageCount: 2 });

    expect(events).toEqual([`${session.id}:requested`]);
    expect(oldContext.pages()).toHaveLength(0);
    const after = manager.getSession('long');
    expect(after).toMatchObject({
      id: session.id,
      name: 'long',
      status: 'active',
      pageCount: 2,
      currentUrl: fx.site.at('/'),
    });
    expect(await manager.execute('long', 'document.cookie')).toContain('visited=yes');
    expect(await manager.execute('long', "localStorage.getItem('token')")).toBe('abc123');
    expect(await manager.execute('long', 'typeof window.inPageOnly')).toBe('undefined');
    expect(await manager.withPage('long', async (page) => page.context() === oldContext)).toBe(false);
    expect(manager.recycleCount('long')).toBe(1);
    const saved = JSON.parse(readFileSync(fx.home.path('playwright_sessions', 'long.json'), 'utf8'));
    expect(saved.marketbridge.pages.map((p: { url: string }) => p.url)).toEqual([
      fx.site.at('/popup'),
      fx.site.at('/'),
    ]);
  });

  it('keeps the live picture going across a recycle, showing the reopened page', async () => {
    const manager = fx.manager;
    await manager.createSession({ name: 'watched', url: fx.site.at('/form') });
    const frames: { url: string; at: number }[] = [];
    const sub = manager.screencast('watched', (frame) => frames.push({ url: frame.url, at: Date.now() }));
    try {
      await eventually(() => frames.length > 0, 'a first frame');
      const before = Date.now();
      await manager.recycleSession('watched');
      await manager.execute('watched', "document.body.style.background = 'rgb(1, 2, 3)'");
      await eventually(
        () => frames.some((f) => f.at > before && f.url === fx.site.at('/form')),
        'a frame of the reopened page',
      );
    } finally {
      sub.close();
    }
  });

  it('recycles by age on its own while a script keeps working, without a failed operation', async () => {
    const manager = await replaceManager({ recycleAfterMs: 400 });
    await manager.createSession({ name: 'busy', url: fx.site.at('/state') });
    let ok = 0;
    while (manager.recycleCount('busy') < 2) {
      expect(await manager.execute('busy', "localStorage.getItem('token')")).toBe('abc123');
      ok++;
      if (ok > 2_000) throw new Error('no recycle after 2000 operations');
    }
    expect(manager.getSession('busy')).toMatchObject({ status: 'active', currentUrl: fx.site.at('/state') });
  });

  it('recycles after a number of operations', async () => {
    const manager = await replaceManager({ recycleAfterOperations: 5 });
    await manager.createSession({ name: 'counted', url: fx.site.at('/') });
    for (let i = 0; i < 12; i++) await manager.execute('counted', '1');
    expect(manager.recycleCount('counted')).toBe(2);
    expect(await manager.execute('counted', 'location.href')).toBe(fx.site.at('/'));
  });

  it('does not leak a context when the session is closed while it recycles', async () => {
    const manager = fx.manager;
    await manager.createSession({ name: 'closing', url: fx.site.at('/') });
    const browser = await manager.withPage('closing', async (page) => page.context().browser()!);
    const recycled = manager.recycleSession('closing').catch((error: unknown) => error);
    await manager.closeSession('closing');
    const error = await recycled;
    expect(error).toBeInstanceOf(SessionUnavailableError);
    expect((error as Error).message).toMatch(/"closing" is not usable right now: it was closed/);
    await eventually(() => browser.contexts().length === 0, 'every context to close');
  });

  it('names a closed session it cannot recycle', async () => {
    const manager = fx.manager;
    await manager.createSession({ name: 'gone', url: fx.site.at('/') });
    await manager.closeSession('gone', { keepState: true });
    const error = await manager.recycleSession('gone').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionNotFoundError);
    expect((error as Error).message).toMatch(/"gone"/);
  });

  it.each([
    [{ recycleAfterMs: -1 }, /recycleAfterMs must be a number of at least 0.*-1/],
    [{ recycleAfterOperations: Number.NaN }, /recycleAfterOperations must be .*NaN/],
  ])('refuses %o with a clear error', async (options, message) => {
    const error = await BrowserManager.create({ home: fx.home.dir, ...options }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toMatch(message);
  });
});
