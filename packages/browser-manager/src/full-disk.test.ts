// State files on a real full file system (a tmpfs filled to the last block): ENOSPC, not a simulation.
// A nearly full disk matters most: there a single write() succeeds short, and a writer that does not
// check the count renames a truncated file over the good one.
import { readdirSync, readFileSync } from 'node:fs';
import { errorOf, mountSmallDisk, type SmallDisk, smallDiskUnavailable } from '@marketbridge/test-helpers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SavedSession, StateStore } from './state-store.js';

const unavailable = smallDiskUnavailable();
if (unavailable) console.warn(`full-disk tests skipped: ${unavailable}`);

function stateOf(name: string, token: string): SavedSession {
  return {
    cookies: [],
    // About 20 kB: more than the one 4 kB block a nearly full disk has left.
    origins: [{ origin: 'http://127.0.0.1', localStorage: [{ name: 'token', value: token.repeat(5_000) }] }],
    marketbridge: {
      version: 1,
      sessionId: '00000000-0000-4000-8000-000000000001',
      name,
      browserType: 'chromium',
      headless: true,
      viewport: { width: 1280, height: 800 },
      metadata: {},
      createdAt: '2026-01-01T00:00:00.000Z',
      savedAt: new Date().toISOString(),
      pages: [{ url: 'http://127.0.0.1/form' }],
      activePage: 0,
    },
  };
}

describe.skipIf(unavailable)(
  `state files on a full disk${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let disk: SmallDisk;
    let store: StateStore;
    const noWarning = (message: string) => expect.fail(message);

    beforeEach(() => {
      disk = mountSmallDisk(256, 'mb-state-disk-');
      store = new StateStore(disk.dir);
    });
    afterEach(() => disk?.remove());

    for (const [what, leaveBytes] of [
      ['full (no block left)', 0],
      ['nearly full (one block left, less than the file)', 4096],
    ] as const) {
      it(`${what}: the save fails naming the session and ENOSPC; the old file intact, no temp file; then it saves`, async () => {
        await store.save(stateOf('trading', 'old'));
        const before = readFileSync(store.pathFor('trading'));
        disk.fill(leaveBytes);
        expect(disk.freeBytes()).toBe(leaveBytes);

        const error = await errorOf(store.save(stateOf('trading', 'new')));
        expect(error.message).toMatch(/session "trading".*ENOSPC.*previously saved state is kept/);
        expect(error).toMatchObject({ name: 'StateSaveError', errno: 'ENOSPC', code: 'internal_error' });
        expect(readFileSync(store.pathFor('trading'))).toEqual(before);
        expect(readdirSync(disk.dir).sort()).toEqual(['.filler', 'trading.json']);
        expect((await store.load('trading', noWarning))?.origins).toEqual(stateOf('x', 'old').origins);

        disk.unfill();
        await store.save(stateOf('trading', 'new'));
        expect((await store.load('trading', noWarning))?.origins).toEqual(stateOf('x', 'new').origins);
        expect(readdirSync(disk.dir)).toEqual(['trading.json']);
      });
    }
  },
);
