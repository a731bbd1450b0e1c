// The session lifecycle has one owner, the manager: default names, reuse, one opening per name, the
// session limit and the option checks. The server only adds the registry on top.
import { createTempHome, errorOf } from '@marketbridge/test-helpers';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, NameTakenError, TooManySessionsError } from './errors.js';
import { BrowserManager } from './manager.js';
import { useManager } from './test-fixtures/manager-fixture.js';

const fx = useManager({ maxSessions: 2 });

describe('creating sessions', () => {
  it('names a session when no name is given, and never opens two for one name', async () => {
    const { session } = await fx.manager.createSession();
    expect(session.name).toMatch(/^session-[0-9a-f]{8}$/);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => fx.manager.createSession({ name: 'shared', reuse: true })),
    );
    expect(new Set(results.map((r) => r.session.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const taken = await errorOf(fx.manager.createSession({ name: 'shared' }));
    expect(taken).toBeInstanceOf(NameTakenError);
    expect(taken.message).toBe(
      'A live session named "shared" already exists. Pass reuse: true to get it instead.',
    );
    await fx.manager.closeSession(session.id);
    await fx.manager.closeSession('shared');
  });

  it('refuses one past maxSessions, naming the limit; reuse of a live name still works', async () => {
    await fx.manager.createSession({ name: 'one' });
    await fx.manager.createSession({ name: 'two' });
    const refused = await errorOf(fx.manager.createSession({ name: 'three' }));
    expect(refused).toBeInstanceOf(TooManySessionsError);
    expect(refused).toMatchObject({
      code: 'too_many_sessions',
      message: 'Already running 2 sessions, the limit (maxSessions) is 2. Delete or clean up sessions first.',
      details: { running: 2, limit: 2 },
    });
    expect(fx.manager.findSession('three')).toBeUndefined();
    expect((await fx.manager.createSession({ name: 'two', reuse: true })).created).toBe(false);
    await fx.manager.closeSession('one');
    expect((await fx.manager.createSession({ name: 'three' })).created).toBe(true);
    await fx.manager.closeSession('two');
    await fx.manager.closeSession('three');
  });

  it('checks its options with errors that name them, and starts nothing', async () => {
    using home = createTempHome();
    for (const maxSessions of [0, 1.5, -1, Number.NaN]) {
      const error = await errorOf(BrowserManager.create({ home: home.dir, maxSessions }));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error.message).toContain('maxSessions must be a whole number of at least 1');
    }
    const bad = await errorOf(
      fx.manager.createSession({ name: '../etc', viewport: { width: 5, height: 5 } }),
    );
    expect(bad).toBeInstanceOf(InvalidOptionError);
    expect(bad.message).toMatch(/^Invalid session options: name: .*viewport\.width/);
    expect(fx.manager.listSessions()).toEqual([]);
  });
});
