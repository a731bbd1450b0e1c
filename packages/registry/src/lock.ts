// The inter-process lock: proper-lockfile's `<file>.lock` directory, with a lease check before each write.
import lockfile from 'proper-lockfile';
import { errnoCode, RegistryIoError, RegistryLockError } from './errors.js';
import { lockPath } from './paths.js';

export const DEFAULT_STALE_MS = 10_000;
/** proper-lockfile's floor: it silently raises anything lower to this. */
export const MIN_STALE_MS = 2_000;

export interface RetryPlan {
  /** First wait between attempts, ms. */
  minTimeout: number;
  /** Longest wait between attempts, ms (before jitter). */
  maxTimeout: number;
  factor: number;
  /** Give up (registry_locked) once this long has passed without getting the lock. */
  budgetMs: number;
}

/**
 * Retry schedule for taking the lock: polls after 5 ms at first, backing off ×1.5 to 20 ms, each
 * wait stretched by a random ×1–2 so contending processes do not move in step, for `2 × staleMs + 1 s`
 * in total. A lock left by a killed process becomes takeable once it is `staleMs` old, so a waiter
 * always outlives it; the extra second covers proper-lockfile's first-lock mtime, which can be up to
 * 1 s in the future. Only "held by someone else" is retried: any other error (EACCES, ENOTDIR,
 * EROFS, ...) is thrown at once.
 */
export function lockRetryPlan(staleMs: number): RetryPlan {
  return { minTimeout: 5, maxTimeout: 20, factor: 1.5, budgetMs: 2 * staleMs + 1_000 };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** proper-lockfile's `lock`, retried on ELOCKED only (its own `retries` would retry every error). */
async function lockWithRetry(file: string, options: lockfile.LockOptions, plan: RetryPlan) {
  const deadline = performance.now() + plan.budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await lockfile.lock(file, { ...options, retries: 0 });
    } catch (err) {
      if (errnoCode(err) !== 'ELOCKED' || performance.now() >= deadline) throw err;
    }
    const wait = Math.min(plan.maxTimeout, plan.minTimeout * plan.factor ** attempt) * (1 + Math.random());
    await sleep(Math.min(wait, Math.max(0, deadline - performance.now())));
  }
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
    release = await lockWithRetry(
      file,
      {
        realpath: false, // the registry file may not exist yet
        stale: staleMs,
        // Never throw asynchronously (that would crash the process): remember it, and let the
        // in-flight write abort at its last check before the rename.
        onCompromised: (err) => {
          compromised = err;
          onWarning(
            `The lock ${lockPath(file)} was compromised (${err.message}); the update in flight is aborted.`,
          );
        },
      },
      lockRetryPlan(staleMs),
    );
  } catch (err) {
    if (errnoCode(err) === 'ELOCKED') {
      throw new RegistryLockError(
        'registry_locked',
        file,
        `The session registry ${file} stayed locked by another process for over ${
          lockRetryPlan(staleMs).budgetMs / 1000
        } s (lock: ${lockPath(file)}). Retry; if no MarketBridge process is running, remove the lock directory.`,
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
