// Six OS processes update one registry file at once; a reader in this process polls it meanwhile.
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createTempHome, type TempHome } from '@marketbridge/test-helpers';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionRegistry } from './index.js';
import { spawnWorker, type WorkerHandle } from './test-fixtures/spawn-worker.js';

const WORKERS = 6;
const UPDATES = 50;

let home: TempHome;
let workers: WorkerHandle[] = [];

beforeEach(() => {
  home = createTempHome();
});
afterEach(() => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  workers = [];
  home.remove();
});

it(`${WORKERS} processes × ${UPDATES} updates: none lost, and the file always parses`, async () => {
  const file = home.registryFile;
  workers = Array.from({ length: WORKERS }, (_, i) =>
    spawnWorker({ file, name: `worker-${i}`, mode: 'count', updates: UPDATES, barrier: true }),
  );
  await Promise.all(workers.map((w) => w.ready));

  // The reader: raw JSON.parse of whatever is at the path, as often as it can, until the writers finish.
  let reads = 0;
  let sawFile = 0;
  const badReads: string[] = [];
  let writing = true;
  const reader = (async () => {
    while (writing) {
      let text: string | undefined;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        // not created yet
      }
      reads += 1;
      if (text === undefined) continue;
      sawFile += 1;
      try {
        JSON.parse(text);
      } catch {
        badReads.push(text.slice(0, 200));
      }
    }
  })();

  for (const w of workers) w.go();
  const exits = await Promise.all(workers.map((w) => w.exited));
  writing = false;
  await reader;

  for (const [i, w] of workers.entries()) {
    expect(exits[i], w.stderr()).toEqual({ code: 0, signal: null });
    expect(w.completed()).toBe(UPDATES);
  }
  expect(badReads).toEqual([]);
  expect(sawFile).toBeGreaterThan(100);

  const snapshot = await new SessionRegistry({ file }).read();
  for (let i = 0; i < WORKERS; i++) {
    const own = snapshot.sessions[`id-worker-${i}`];
    expect(own?.metadata.counter, `worker-${i}`).toBe(UPDATES);
    expect(own?.active).toBe(false); // each marked itself inactive at the end
  }
  expect(snapshot.sessions['shared-counter']?.metadata.total).toBe(WORKERS * UPDATES);
  expect(snapshot.activeSessions).toEqual([]);
  expect(readdirSync(home.dir)).toEqual(['browser_sessions_registry.json']); // no temp files, no lock left
  console.info(`multi-process: ${reads} reads (${sawFile} of an existing file), 0 unparsable`);
});
