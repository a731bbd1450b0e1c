// The registry file on a real full file system (a tmpfs filled to the last block): ENOSPC, not a simulation.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorOf, mountSmallDisk, type SmallDisk, smallDiskUnavailable } from '@marketbridge/test-helpers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionRegistry } from './index.js';

const unavailable = smallDiskUnavailable();
if (unavailable) console.warn(`full-disk tests skipped: ${unavailable}`);

const FILE = 'browser_sessions_registry.json';
const ID = '00000000-0000-4000-8000-00000000000a';

describe.skipIf(unavailable)(
  `the registry on a full disk${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let disk: SmallDisk;
    let registry: SessionRegistry;
    let warnings: string[];

    beforeEach(() => {
      disk = mountSmallDisk(256, 'mb-registry-disk-');
      warnings = [];
      registry = new SessionRegistry({ file: join(disk.dir, FILE), onWarning: (m) => warnings.push(m) });
    });
    afterEach(() => disk?.remove());

    for (const [what, leaveBytes] of [
      ['full (no block left)', 0],
      ['nearly full (one block left, less than the file)', 4096],
    ] as const) {
      it(`${what}: updates fail with ENOSPC naming the file; file intact, no temp file or lock left; then they work`, async () => {
        // About 12 kB of records, more than the one block a nearly full disk has left.
        await registry.create({
          sessionId: ID,
          sessionName: 'trading',
          metadata: { note: 'n'.repeat(12_000) },
        });
        const file = join(disk.dir, FILE);
        const before = readFileSync(file);
        disk.fill(leaveBytes);
        expect(disk.freeBytes()).toBe(leaveBytes);

        for (const attempt of [
          registry.update(ID, { currentUrl: 'http://127.0.0.1/after' }),
          registry.create({ sessionName: 'second' }),
        ]) {
          const error = await errorOf(attempt);
          expect(error).toMatchObject({ code: 'registry_io_error', osCode: 'ENOSPC', path: file });
          expect(error.message).toContain(`Cannot write the session registry ${file}: ENOSPC (no space left`);
        }
        expect(readFileSync(file)).toEqual(before);
        expect(readdirSync(disk.dir).sort()).toEqual(['.filler', FILE]);
        expect((await registry.list()).map((r) => r.sessionName)).toEqual(['trading']);
        expect(warnings).toEqual([]);

        disk.unfill();
        await registry.update(ID, { currentUrl: 'http://127.0.0.1/after' });
        await registry.create({ sessionName: 'second' });
        expect((await registry.get(ID))?.currentUrl).toBe('http://127.0.0.1/after');
        expect((await registry.list()).map((r) => r.sessionName).sort()).toEqual(['second', 'trading']);
        expect(readdirSync(disk.dir)).toEqual([FILE]);
      });
    }
  },
);
