import { BROWSER_HOUSEKEEPING_TIMEOUT_MS } from '@marketbridge/api-types';
import type { ManagedSession } from './managed-session.js';
import type { Warn } from './manager-deps.js';
import { PacedLane } from './paced-lane.js';
import type { SessionTable } from './session-table.js';
import type { SavedSession, StateStore } from './state-store.js';
import { withTimeout } from './with-timeout.js';

/** After activity, state is saved at most this often. */
const SAVE_AFTER_ACTIVITY_MS = 1_000;
/**
 * The most of the server's time that reading sessions' state for saves after activity may take. A read
 * holds its session's queue (its operations wait behind it) and costs the server about as much CPU as an
 * operation or two (Playwright sends its ~20 kB storage script to the page each time). So the reads go
 * through one lane for all sessions, one at a time, each followed by a pause of `d × (1 / share − 1)`
 * after a read that took `d`. Measured on a 2-core machine: read once a second per session whatever the
 * load, 64 busy sessions spent ~45 % of their queue time and ~40 % of the server's CPU on them; paced
 * per session (`9 × d` after each session's own read), still ~50 reads a second between them, ~15 % of
 * the throughput. On a quiet machine a read takes milliseconds and each session is still saved about a
 * second after its activity. The periodic save does not go through the lane: it bounds how old a saved
 * state can be (`saveIntervalMs` plus one read) whatever the lane's backlog.
 */
const MAX_READ_SHARE = 0.1;
/** A read still waiting for its session's queue after this long lets the lane go on to the next session. */
const LANE_HOLD_MS = 1_000;
/**
 * A read still running after this long (a hung renderer: its own bound is 30 s) lets the lane go on;
 * a slow read that ends later is still paced by its length.
 */
const LANE_MAX_READ_MS = 5_000;

export interface StateSaverDeps {
  store: StateStore;
  sessions: SessionTable;
  warn: Warn;
  isClosed: () => boolean;
  /** How often every session is saved; 0 turns the periodic save off. */
  saveIntervalMs: number;
}

/** Saves between operations since the manager started: written, or skipped as unchanged. */
export interface SaveStats {
  written: number;
  unchanged: number;
}

/** A saved state's content, its time of saving aside: what decides whether a write would change the file. */
function contentOf(state: SavedSession): string {
  return JSON.stringify({ ...state, marketbridge: { ...state.marketbridge, savedAt: '' } });
}

/**
 * Writes sessions' state to the store: soon after activity (paced by how long reading the state takes,
 * see MAX_READ_SHARE), periodically, and when asked. A save after activity whose state is what the file
 * already holds is not written again: a busy session that reads pages without changing cookies or
 * storage cost a write, two fsyncs and a rename a second (about 8 % of the server's CPU with 64 busy
 * sessions, and fsyncs of 30 ms on a loaded disk). Asked-for saves (`saveSession`, shutdown,
 * recycling) always write.
 */
export class StateSaver {
  readonly #chains = new Map<ManagedSession, Promise<void>>();
  /** The content last written for each session (by any save), to skip writing it again. */
  readonly #written = new WeakMap<ManagedSession, string>();
  readonly #stats: SaveStats = { written: 0, unchanged: 0 };
  readonly #timers = new Map<ManagedSession, NodeJS.Timeout>();
  /** Sessions whose save after activity is due, read one at a time (see MAX_READ_SHARE). */
  readonly #lane = new PacedLane<ManagedSession>(
    (session, started) =>
      this.deps.sessions.holds(session)
        ? this.#saveBetweenOperations(session, started)
        : Promise.resolve(undefined),
    MAX_READ_SHARE,
    LANE_HOLD_MS,
    LANE_MAX_READ_MS,
  );
  /** Sessions with a read between operations queued or running: how many, and whether activity came meanwhile. */
  readonly #reading = new Map<ManagedSession, { reads: number; activity: boolean }>();
  readonly #periodic: NodeJS.Timeout | undefined;

  constructor(private readonly deps: StateSaverDeps) {
    if (deps.saveIntervalMs > 0) {
      this.#periodic = setInterval(() => {
        for (const session of deps.sessions.all()) void this.#saveBetweenOperations(session);
      }, deps.saveIntervalMs);
      this.#periodic.unref();
    }
  }

  /**
   * Saves the session about a second from now (later while the lane is busy or pausing), once however
   * much happens meanwhile.
   */
  schedule(session: ManagedSession): void {
    if (this.#timers.has(session) || this.#lane.has(session) || this.deps.isClosed()) return;
    // Scheduled once the read in flight is done and its duration known.
    const reading = this.#reading.get(session);
    if (reading) {
      reading.activity = true;
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(session);
      if (this.deps.sessions.holds(session)) this.#lane.add(session);
    }, SAVE_AFTER_ACTIVITY_MS);
    timer.unref();
    this.#timers.set(session, timer);
  }

  cancel(session: ManagedSession): void {
    clearTimeout(this.#timers.get(session));
    this.#timers.delete(session);
    this.#lane.delete(session);
    const reading = this.#reading.get(session);
    if (reading) reading.activity = false;
  }

  /** Stops the periodic save and the saves scheduled for the sessions in the table. */
  stop(): void {
    clearInterval(this.#periodic);
    for (const session of this.deps.sessions.all()) this.cancel(session);
    this.#lane.clear();
  }

  /** Saves are chained per session so two never write the same file at once. */
  save(session: ManagedSession, state?: SavedSession): Promise<void> {
    const previous = this.#chains.get(session) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        // A crashed session keeps its last good state on disk until it is back.
        const current = state ?? (await this.readState(session));
        if (!current) return;
        await this.deps.store.save(current);
        this.#written.set(session, contentOf(current));
      });
    this.#chains.set(session, next);
    void next
      .finally(() => {
        if (this.#chains.get(session) === next) this.#chains.delete(session);
      })
      .catch(() => undefined);
    return next;
  }

  stats(): SaveStats {
    return { ...this.#stats };
  }

  /** Resolves once the session's saves in flight are done, failed or not. */
  async settled(session: ManagedSession): Promise<void> {
    await this.#chains.get(session)?.catch(() => undefined);
  }

  async readState(session: ManagedSession): Promise<SavedSession | undefined> {
    const context = session.context;
    if (!context || session.status !== 'active') return undefined;
    const storage = await withTimeout(
      context.storageState(),
      BROWSER_HOUSEKEEPING_TIMEOUT_MS,
      'Reading storage state',
    );
    return { ...storage, marketbridge: session.snapshot() };
  }

  #saveIfChanged(session: ManagedSession, state: SavedSession): Promise<void> {
    if (this.#written.get(session) === contentOf(state)) {
      this.#stats.unchanged++;
      return Promise.resolve();
    }
    return this.save(session, state).then(() => {
      this.#stats.written++;
    });
  }

  /**
   * Reads the state between two of the session's operations, then writes it. A page in mid-navigation
   * has no script context, and Playwright then opens a hidden page to visit its origin for
   * localStorage: measured, 11 of 12 reads made during navigations did, none made between them.
   * Resolves with the ms the read took once it is done (undefined if it failed; the write goes on after).
   */
  #saveBetweenOperations(session: ManagedSession, onStart?: () => void): Promise<number | undefined> {
    const reading = this.#reading.get(session) ?? { reads: 0, activity: false };
    reading.reads++;
    this.#reading.set(session, reading);
    let readDone: (ms: number | undefined) => void = () => {};
    const read = new Promise<number | undefined>((resolve) => {
      readDone = resolve;
    });
    session.queue
      .runUncounted(async () => {
        onStart?.();
        const started = performance.now();
        let readMs: number | undefined;
        try {
          const state = await this.readState(session);
          readMs = performance.now() - started;
          return state;
        } finally {
          // A read that failed (timed out on a hung page) tells nothing of what reads cost: not paced by.
          readDone(readMs);
          // Activity while the read waited or ran: its save is scheduled once the read is done.
          if (--reading.reads === 0) {
            this.#reading.delete(session);
            if (reading.activity && this.deps.sessions.holds(session)) this.schedule(session);
          }
        }
      })
      // Closed while its state was read: a close that removes the state file may already have looked for
      // saves in flight (there was none yet), so writing now would bring the file back.
      .then((state) =>
        state && this.deps.sessions.holds(session) ? this.#saveIfChanged(session, state) : undefined,
      )
      .then(
        () => {
          session.failedSaves = 0;
        },
        (error) => {
          readDone(undefined);
          // Retried at the next activity or periodic save; a slow or full machine is reported once a streak.
          if (++session.failedSaves === 1)
            this.deps.warn(
              `Could not save state of "${session.name}" (retried; reported again once a save has succeeded)`,
              error,
            );
        },
      );
    return read;
  }
}
