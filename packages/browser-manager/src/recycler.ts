import { BROWSER_HOUSEKEEPING_TIMEOUT_MS, type StorageState } from '@marketbridge/api-types';
import type { CrashRecovery } from './crash-recovery.js';
import { InvalidOptionError } from './errors.js';
import type { ManagedSession } from './managed-session.js';
import type { Emit, Warn } from './manager-deps.js';
import type { SessionTable } from './session-table.js';
import type { StateSaver } from './state-saver.js';
import type { BrowserManagerOptions, RecycleReason } from './types.js';
import { withTimeout } from './with-timeout.js';

/** Bounds of how often sessions are checked against the recycle age. */
const RECYCLE_CHECK_MIN_MS = 200;
const RECYCLE_CHECK_MAX_MS = 60_000;

function checkCount(name: string, value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isFinite(value) || value < 0)
    throw new InvalidOptionError(`${name} must be a number of at least 0 (0 turns it off), got ${value}.`);
  return value;
}

export interface RecyclerDeps {
  sessions: SessionTable;
  saver: StateSaver;
  recovery: CrashRecovery;
  startContext: (
    session: ManagedSession,
    storage: StorageState | undefined,
    timeoutMs: number,
  ) => Promise<void>;
  emit: Emit;
  warn: Warn;
  isClosed: () => boolean;
  options: BrowserManagerOptions;
  startTimeoutMs: number;
}

/** Replaces a session's context by a fresh one: when asked, past an age, or after so many operations. */
export class Recycler {
  readonly #ageCheck: NodeJS.Timeout | undefined;
  #recyclingDue = false;

  /** Throws InvalidOptionError when a recycle option is not a count. */
  constructor(private readonly deps: RecyclerDeps) {
    const recycleAfterMs = checkCount('recycleAfterMs', deps.options.recycleAfterMs);
    checkCount('recycleAfterOperations', deps.options.recycleAfterOperations);
    if (recycleAfterMs > 0) {
      const every = Math.min(RECYCLE_CHECK_MAX_MS, Math.max(RECYCLE_CHECK_MIN_MS, recycleAfterMs / 10));
      this.#ageCheck = setInterval(() => void this.#recycleAged(recycleAfterMs), every);
      this.#ageCheck.unref();
    }
  }

  stop(): void {
    clearInterval(this.#ageCheck);
  }

  /** Resolves to the recycle's duration in ms, or undefined when the session was not recyclable. */
  recycle(session: ManagedSession, reason: RecycleReason): Promise<number | undefined> {
    if (session.recycling) return session.recycling;
    const recycling = session.queue
      .run(() => this.#recycleNow(session, reason))
      .finally(() => {
        session.recycling = undefined;
      });
    session.recycling = recycling;
    return recycling;
  }

  /** Recycles on the schedule: nobody waits for it, so a failure is a warning. */
  recycleScheduled(session: ManagedSession, reason: RecycleReason): Promise<void> {
    return this.recycle(session, reason).then(
      () => undefined,
      (error: unknown) => this.deps.warn(`Session "${session.name}": recycling its context failed`, error),
    );
  }

  async #recycleAged(maxAgeMs: number): Promise<void> {
    if (this.#recyclingDue || this.deps.isClosed()) return;
    this.#recyclingDue = true;
    try {
      const now = Date.now();
      const due = [...this.deps.sessions.all()].filter(
        (s) => s.status === 'active' && s.contextOpenedAt > 0 && now - s.contextOpenedAt >= maxAgeMs,
      );
      // One at a time: recycling every session at once would double the browser's memory for a moment.
      for (const session of due) await this.recycleScheduled(session, 'age');
    } finally {
      this.#recyclingDue = false;
    }
  }

  /** Runs inside the session's queue, so no operation of the session is in flight. */
  async #recycleNow(session: ManagedSession, reason: RecycleReason): Promise<number | undefined> {
    if (this.deps.isClosed() || !this.deps.sessions.holds(session)) return undefined;
    if (session.status !== 'active' || !session.context) return undefined;
    const started = performance.now();
    const state = await this.deps.saver.readState(session);
    if (!state) return undefined;
    // On disk first, so a crash halfway through brings back exactly this state; the reopen itself
    // uses the copy in memory, so a full disk does not stop it.
    await this.deps.saver
      .save(session, state)
      .catch((error) =>
        this.deps.warn(`Session "${session.name}": could not save state before recycling`, error),
      );
    const old = session.context;
    session.status = 'restoring';
    await withTimeout(old.close(), BROWSER_HOUSEKEEPING_TIMEOUT_MS, 'Closing the old context').catch(
      (error) => this.deps.warn(`Session "${session.name}": the old context did not close cleanly`, error),
    );
    // Set after the close: each closing page rewrites lastUrls with the pages still open.
    session.rememberPages(state.marketbridge.pages);
    try {
      await this.deps.startContext(session, state, this.deps.startTimeoutMs);
    } catch (error) {
      this.deps.recovery.markCrashed(session, 'browser-disconnected');
      this.deps.recovery.restore(session, 'browser-disconnected');
      throw error;
    }
    if (this.deps.isClosed() || !this.deps.sessions.holds(session)) {
      // Closed while the new context opened: close() or closeSession() saw only the old one.
      await session.context?.close().catch(() => undefined);
      session.status = 'inactive';
      return undefined;
    }
    session.recycles++;
    const durationMs = Math.round(performance.now() - started);
    this.deps.emit('session-updated', { session: session.info() });
    this.deps.emit('session-recycled', { session: session.info(), reason, durationMs });
    this.deps.saver.schedule(session);
    return durationMs;
  }
}
