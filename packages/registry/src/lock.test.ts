import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createTempHome, type TempHome } from '@marketbridge/test-helpers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegistryLockError, SessionRegistry } from './index.js';
import { acquireLock, lockRetryPlan } from './lock.js';

let home: TempHome;
let warnings: string[];
let registry: SessionRegistry;
const lockDir = () => `${home.registryFile}.lock`;
const blockFor = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

beforeEach(() => {
  home = createTempHome();
  warnings = [];
  registry = new SessionRegistry({
    file: home.registryFile,
    staleMs: 2000,
    onWarning: (m) => warnings.push(m),
  });
});
afterEach(() => home.remove());

describe('lock settings', () => {
  it('keeps retrying for longer than the stale time', () => {
    for (const stale of [2000, 10_000, 60_000]) {
      const plan = lockRetryPlan(stale);
      expect(plan.budgetMs).toBeGreaterThan(2 * stale);
      expect(plan.maxTimeout).toBeLessThanOrEqual(50);
    }
  });

  it('releases the lock after every update, and after a failed one', async () => {
    await registry.create({ sessionName: 'a' });
    await expect(registry.create({ sessionName: 'a' })).rejects.toThrow();
    expect(readdirSync(home.dir)).toEqual(['browser_sessions_registry.json']);
  });
});

describe('stale locks', () => {
  it('takes over a lock directory left long ago by a dead process at once', async () => {
    mkdirSync(lockDir());
    const old = new Date(Date.now() - 600_000);
    utimesSync(lockDir(), old, old);
    // A lock this old is stale at once; were it taken for a live one, the create would fail with
    // registry_locked after the retry budget, not merely late.
    const patient = new SessionRegistry({ file: home.registryFile, staleMs: 30_000, onWarning: () => {} });
    await patient.create({ sessionName: 'a' });
    expect(await registry.list()).toHaveLength(1);
  });
});

describe('a lost lock never lets a stale update through', () => {
  it('aborts an update that holds the lock for half the stale time or more at every attempt (another process may own it)', async () => {
    await registry.create({ sessionName: 'a', metadata: { n: 0 } });
    const before = readFileSync(home.registryFile, 'utf8');
    const error = await registry
      .mutate((draft) => {
        blockFor(1100); // an event loop stalled past staleMs / 2 (1000 ms)
        draft.sessions.clear();
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryLockError);
    expect(error).toMatchObject({ code: 'registry_lock_compromised' });
    expect(readFileSync(home.registryFile, 'utf8')).toBe(before);
    expect(readdirSync(home.dir)).toEqual(['browser_sessions_registry.json']); // no temp file, lock released
    await registry.update((await registry.list())[0]!.sessionId, { pageCount: 1 }); // and the next one works
  });

  it('starts an update over when one attempt held the lock too long: slow, not broken', async () => {
    await registry.create({ sessionName: 'a', metadata: { n: 0 } });
    let attempts = 0;
    const result = await registry.mutate((draft) => {
      if (++attempts === 1) blockFor(1100); // the first attempt stalls past staleMs / 2
      for (const record of draft.sessions.values()) record.metadata = { n: attempts };
      return attempts;
    });
    expect(result).toBe(2);
    expect((await registry.list())[0]?.metadata).toEqual({ n: 2 });
    expect(readdirSync(home.dir)).toEqual(['browser_sessions_registry.json']);
  });

  it('aborts an update when the file changes under every attempt (a writer that took the lock over, or ignores it)', async () => {
    await registry.create({ sessionName: 'a' });
    const original = JSON.parse(readFileSync(home.registryFile, 'utf8'));
    let intrusions = 0;
    const intruder = () => JSON.stringify({ ...original, last_updated: `intruder ${++intrusions}` });
    const error = await registry
      .mutate((draft) => {
        writeFileSync(home.registryFile, intruder());
        draft.sessions.clear();
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'registry_lock_compromised',
      message: expect.stringContaining('changed'),
    });
    expect(intrusions).toBe(5); // tried five times, on the file as it was each time
    expect(JSON.parse(readFileSync(home.registryFile, 'utf8')).last_updated).toBe('intruder 5');
  });

  it('turns proper-lockfile’s compromised callback into an error at the next check, without crashing', async () => {
    mkdirSync(home.dir, { recursive: true });
    const lease = await acquireLock(home.registryFile, { staleMs: 2000, onWarning: (m) => warnings.push(m) });
    rmSync(lockDir(), { recursive: true }); // someone removed our lock
    await new Promise((resolve) => setTimeout(resolve, 1400)); // proper-lockfile checks every staleMs / 2
    expect(warnings.join('\n')).toMatch(/was compromised/);
    expect(() => lease.assertHeld()).toThrow(RegistryLockError);
    await expect(lease.release()).resolves.toBeUndefined();
  });
});
