import { mkdirSync, utimesSync } from 'node:fs';
import { createTempHome, type TempHome } from '@marketbridge/test-helpers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegistryLockError, SessionRegistry } from './index.js';

let home: TempHome;
let registry: SessionRegistry;
const lockDir = () => `${home.registryFile}.lock`;

beforeEach(() => {
  home = createTempHome();
  registry = new SessionRegistry({ file: home.registryFile, staleMs: 2000, onWarning: () => {} });
});
afterEach(() => home.remove());

describe('waiting for the lock', () => {
  it('waits for a just-abandoned lock to turn stale (staleMs), then takes it over', async () => {
    mkdirSync(lockDir()); // as if a writer was killed a moment ago, holding it
    const started = performance.now();
    await registry.create({ sessionName: 'a' });
    const waited = performance.now() - started;
    // Not before it turned stale; and taken over, not given up on (the budget would throw registry_locked).
    expect(waited).toBeGreaterThan(1800);
    expect(await registry.list()).toHaveLength(1);
  });

  it('gives up with registry_locked, naming the lock, when a live holder keeps it past the retry budget', async () => {
    mkdirSync(lockDir());
    const keepFresh = setInterval(() => {
      const now = new Date();
      utimesSync(lockDir(), now, now);
    }, 200);
    try {
      const started = performance.now();
      const error = await registry.create({ sessionName: 'a' }).catch((e: unknown) => e);
      const waited = performance.now() - started;
      expect(error).toBeInstanceOf(RegistryLockError);
      expect(error).toMatchObject({ code: 'registry_locked', message: expect.stringContaining(lockDir()) });
      expect(waited).toBeGreaterThanOrEqual(5000); // 2 × staleMs + 1 s
      // Gives up rather than waiting on: far below the test's own timeout.
      expect(waited).toBeLessThan(30_000);
    } finally {
      clearInterval(keepFresh);
    }
  });
});
