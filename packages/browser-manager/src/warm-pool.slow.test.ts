// A crash empties the warm pool: nothing made before the browser died is handed out after it.
import { eventually } from '@marketbridge/test-helpers';
import { expect, it } from 'vitest';
import { useManager } from './test-fixtures/manager-fixture.js';

const fx = useManager({ perTest: true, warmContexts: 2 });

it('empties the pool when its browser is SIGKILLed, and hands out only contexts of the new browser', async () => {
  const manager = fx.manager;
  await manager.createSession({ name: 'survivor', url: fx.site.at('/state') });
  await eventually(() => manager.warmPool().ready === 2, 'the pool to fill');
  const [pid] = manager.browserPids() as [number];
  const restored: string[] = [];
  manager.on('session-restored', ({ session }) => restored.push(session.name));

  process.kill(pid, 'SIGKILL');
  await eventually(() => restored.includes('survivor'), 'the session to be restored', 20_000);
  expect(manager.warmPool()).toMatchObject({ ready: 0, taken: 0, discarded: 2 });
  const [relaunched] = manager.browserPids() as [number];
  expect(relaunched).not.toBe(pid);

  // The restore made a fresh context; the pool refills from the new browser on the next create only.
  await manager.createSession({ name: 'after' });
  await eventually(() => manager.warmPool().ready === 2, 'the pool to refill from the new browser');
  await manager.createSession({ name: 'warm-after', url: fx.site.at('/') });
  expect(manager.warmPool().taken).toBe(1);
  expect(await manager.execute('warm-after', '1 + 1')).toBe(2);
  expect(await manager.withPage('warm-after', async (page) => page.context().browser()?.isConnected())).toBe(
    true,
  );
  expect(manager.browserPids()).toEqual([relaunched]);
  expect(manager.getSession('survivor')).toMatchObject({ status: 'active' });
});
