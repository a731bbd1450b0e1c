import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ManagedSession } from './managed-session.js';
import { SerialQueue } from './serial-queue.js';
import type { SessionTable } from './session-table.js';
import { StateSaver } from './state-saver.js';
import type { SavedSession, StateStore } from './state-store.js';

/**
 * `n` sessions whose storage-state reads take `readMs` of the (fake) clock each, and a saver over them.
 * Counts each session's reads and the time they held its queue, and the most reads running at once.
 */
function setUp(readMs: number, n = 1, hung: string[] = []) {
  const reads = { count: 0, busyMs: 0, running: 0, mostAtOnce: 0, bySession: new Map<string, number>() };
  const sessions = Array.from({ length: n }, (_, i) => {
    const name = `s${i}`;
    return {
      name,
      status: 'active',
      failedSaves: 0,
      queue: new SerialQueue(),
      context: {
        storageState: async () => {
          reads.count++;
          reads.busyMs += readMs;
          reads.bySession.set(name, (reads.bySession.get(name) ?? 0) + 1);
          if (hung.includes(name)) return new Promise<never>(() => {});
          reads.mostAtOnce = Math.max(reads.mostAtOnce, ++reads.running);
          await new Promise((resolve) => setTimeout(resolve, readMs));
          reads.running--;
          return { cookies: [], origins: [] };
        },
      },
      snapshot: () => ({ sessionId: name, savedAt: new Date().toISOString() }),
    } as unknown as ManagedSession;
  });
  const saver = new StateSaver({
    store: { save: async (_state: SavedSession) => {} } as unknown as StateStore,
    sessions: { all: () => sessions, holds: () => true } as unknown as SessionTable,
    warn: () => {},
    isClosed: () => false,
    saveIntervalMs: 0,
  });
  /** An operation every 100 ms on each session for `ms`, each scheduling a save as the operation runner does. */
  const busyFor = async (ms: number) => {
    for (let t = 0; t < ms; t += 100) {
      for (const session of sessions) saver.schedule(session);
      await vi.advanceTimersByTimeAsync(100);
    }
  };
  return { reads, saver, busyFor, sessions };
}

describe('saves after activity of a busy session', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('read its state about once a second when reading is quick', async () => {
    const { reads, saver, busyFor } = setUp(10);
    await busyFor(30_000);
    saver.stop();
    expect(reads.count).toBeGreaterThanOrEqual(25);
    expect(reads.count).toBeLessThanOrEqual(30);
  });

  it('take at most a tenth of its time when reading is slow (a loaded machine), and still happen', async () => {
    const { reads, saver, busyFor } = setUp(2_000);
    await busyFor(60_000);
    saver.stop();
    // One read a second would hold the queue 2/3 of the time (20 reads); paced, a read of 2 s is
    // followed by 18 s without one.
    expect(reads.count).toBeGreaterThanOrEqual(2);
    expect(reads.busyMs).toBeLessThanOrEqual(60_000 * 0.1 + 2_000);
  });

  it('take at most a tenth of the time between all busy sessions, one read at a time, none left out', async () => {
    const { reads, saver, busyFor } = setUp(50, 40);
    await busyFor(60_000);
    saver.stop();
    // Paced per session (a read of 50 ms, then 450 ms before the next), 40 sessions would read ~80
    // times a second between them; through the lane, one at a time with 450 ms after each.
    expect(reads.mostAtOnce).toBe(1);
    expect(reads.busyMs).toBeLessThanOrEqual(60_000 * 0.1 + 50);
    expect(reads.count).toBeGreaterThanOrEqual(100);
    // First come, first served: every session is saved, and about as often as the others.
    expect(reads.bySession.size).toBe(40);
    expect(Math.min(...reads.bySession.values())).toBeGreaterThanOrEqual(2);
  });

  it('are not held up by a session whose queue is busy with a long operation', async () => {
    const { reads, saver, busyFor, sessions } = setUp(10, 3);
    const [stuck] = sessions as [ManagedSession];
    // The first session runs a 20 s operation: its read waits in its queue behind it.
    void stuck.queue.run(() => new Promise((resolve) => setTimeout(resolve, 20_000)));
    await busyFor(10_000);
    saver.stop();
    expect(reads.bySession.get('s0') ?? 0).toBe(0);
    expect(reads.bySession.get('s1')).toBeGreaterThanOrEqual(5);
    expect(reads.bySession.get('s2')).toBeGreaterThanOrEqual(5);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(reads.bySession.get('s0')).toBe(1);
  });

  it('go on past a session whose page hangs: its timed-out reads neither hold the lane long nor pace it', async () => {
    const { reads, saver, busyFor } = setUp(10, 3, ['s0']);
    await busyFor(60_000);
    saver.stop();
    // s0's reads never answer (each gives up after 30 s): the lane waits 5 s for one, then goes on, and
    // a failed read sets no pause. Charged as a 30 s read, it would stop every save for 270 s.
    expect(reads.bySession.get('s1')).toBeGreaterThanOrEqual(20);
    expect(reads.bySession.get('s2')).toBeGreaterThanOrEqual(20);
  });

  it('pace reads that started late, behind long operations, by their length too', async () => {
    const { reads, saver, busyFor, sessions } = setUp(800, 16);
    // Every session runs 5 s operations back to back: each read waits past the lane's 1 s hold.
    let running = true;
    const loops = sessions.map(async (session) => {
      while (running) await session.queue.run(() => new Promise((resolve) => setTimeout(resolve, 5_000)));
    });
    await busyFor(120_000);
    running = false;
    saver.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(loops);
    expect(reads.count).toBeGreaterThanOrEqual(5);
    // Each late read still pushes the next start back by 9 × its length: about a tenth of the time.
    expect(reads.busyMs).toBeLessThanOrEqual(120_000 * 0.12);
  });
});
