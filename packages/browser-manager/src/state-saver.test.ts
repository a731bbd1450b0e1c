import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ManagedSession } from './managed-session.js';
import { SerialQueue } from './serial-queue.js';
import type { SessionTable } from './session-table.js';
import { StateSaver } from './state-saver.js';
import type { SavedSession, StateStore } from './state-store.js';

/**
 * A session whose storage-state read takes `readMs` of the (fake) clock, and a saver over it. Counts the
 * reads and the time they held the session's queue.
 */
function setUp(readMs: number) {
  const reads = { count: 0, busyMs: 0 };
  const session = {
    name: 's',
    status: 'active',
    failedSaves: 0,
    queue: new SerialQueue(),
    context: {
      storageState: async () => {
        reads.count++;
        reads.busyMs += readMs;
        await new Promise((resolve) => setTimeout(resolve, readMs));
        return { cookies: [], origins: [] };
      },
    },
    snapshot: () => ({ sessionId: 'id', savedAt: new Date().toISOString() }),
  } as unknown as ManagedSession;
  const saver = new StateSaver({
    store: { save: async (_state: SavedSession) => {} } as unknown as StateStore,
    sessions: { all: () => [session], holds: () => true } as unknown as SessionTable,
    warn: () => {},
    isClosed: () => false,
    saveIntervalMs: 0,
  });
  /** An operation every 100 ms for `ms`, each scheduling a save as the operation runner does. */
  const busyFor = async (ms: number) => {
    for (let t = 0; t < ms; t += 100) {
      saver.schedule(session);
      await vi.advanceTimersByTimeAsync(100);
    }
  };
  return { reads, saver, busyFor };
}

describe('saves after activity of a busy session', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
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
});
