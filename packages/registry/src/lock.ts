// The inter-process lock: proper-lockfile's `<file>.lock` directory, with a lease check before each write.
import lockfile from 'proper-lockfile';
import { errnoCode, RegistryIoError, RegistryLockError } from './errors.js';
import { lockPath } from './paths.js';

export const DEFAULT_STALE_MS = 10_000;
/** proper-lockfile's floor: it silently raises anything lower to this. */
export const MIN_STALE_MS = 2_000;

export interface RetryPlan {
  retries: number;
  minTimeout: number;
  maxTimeout: number;
  factor: number;
  randomize: boolean;
}

/**
 * Retry schedule for taking the lock: polls every 5 ms at first, backing off to 50 ms (×1–2 random
 * jitter so contending processes do not move in step), and keeps trying for at least
 * `2 × staleMs + 1 s` in total. A lock left by a killed process becomes takeable once it is `staleMs`
 * old, so a waiter always outlives it; the extra second covers proper-lockfile's first-lock mtime,
 * which can be up to 1 s in the future.
 */
export function lockRetryPlan(staleMs: number): RetryPlan {
  const minTimeout = 5;
  const maxTimeout = 50;
  const factor = 1.5;
  const budget = 2 * staleMs + 1_000;
  let total = 0;
  let retries = 0;
  while (total < budget) {
    total += Math.min(maxTimeout, minTimeout * factor ** retries);
    retries += 1;
  }
  return { retries, minTimeout, maxTimeout, factor, randomize: true };
}

/** Minimum total wait of a plan (jitter only lengthens it). */
export function planMinimumMs(plan: RetryPlan): number {
  let total = 0;
  for (let i = 0; i < plan.retries; i++)
    total += Math.min(plan.maxTimeout, plan.minTimeout * plan.factor ** i);
  return total;
}

export interface Lease {
  /**
   * Throws {@link RegistryLockError} (`registry_lock_compromised`) unless the lock is certainly still
   * ours: proper-lockfile has not reported it compromised, and it was taken less than `staleMs / 2`
   * ago. (Another process can only take a lock over once its mtime is `staleMs` old; the mtime is
   * never older than the moment we took it, so within `staleMs / 2` nobody can have taken it, with
   * half of `staleMs` (≥ 1 s) to spare for the rename that follows.)
   */
  assertHeld(): void;
  release(): Promise<void>;
}

export interface LockOptions {
  staleMs: number;
  onWarning: (message: string) => void;
}

export async function acquireLock(file: string, { staleMs, onWarning }: LockOptions): Promise<Lease> {
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, {
      realpath: false, // the registry file may not exist yet
      stale: staleMs,
      retries: lockRetryPlan(staleMs),
      // Never throw asynchronously (that would crash the process): remember it, and let the
      // in-flight write abort at its last check before the rename.
      onCompromised: (err) => {
        compromised = err;
        onWarning(
          `The lock ${lockPath(file)} was compromised (${err.message}); the update in flight is aborted.`,
        );
      },
    });
  } catch (err) {
    if (errnoCode(err) === 'ELOCKED') {
      throw new RegistryLockError(
        'registry_locked',
        file,
        `The session registry ${file} stayed locked by another process for over ${Math.round(
          planMinimumMs(lockRetryPlan(staleMs)) / 1000,
        )} s (lock: ${lockPath(file)}). Retry; if no MarketBridge process is running, remove the lock directory.`,
        { cause: err },
      );
    }
    throw new RegistryIoError('lock', lockPath(file), err);
  }
  const acquiredAt = performance.now();

  return {
    assertHeld() {
      if (compromised) {
        throw new RegistryLockError(
          'registry_lock_compromised',
          file,
          `Lost the lock on ${file} during the update (${compromised.message}); nothing was written. Retry.`,
          { cause: compromised },
        );
      }
      const held = performance.now() - acquiredAt;
      if (held >= staleMs / 2) {
        throw new RegistryLockError(
          'registry_lock_compromised',
          file,
          `The update of ${file} held the lock for ${Math.round(held)} ms, at least half its ${staleMs} ms stale ` +
            'time, so another process may have taken the lock over; nothing was written. Retry.',
        );
      }
    },
    async release() {
      try {
        await release();
      } catch (err) {
        // After a compromise proper-lockfile has already dropped the lock (ERELEASED): nothing to do.
        if (!compromised)
          onWarning(`Could not release the lock ${lockPath(file)}: ${(err as Error).message}`);
      }
    },
  };
}
