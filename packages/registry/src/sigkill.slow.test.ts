// Writers killed with SIGKILL mid-update, round after round: the file must always parse, hold every
// update a writer reported complete, and a lock left by a killed writer must be taken over.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createTempHome, type TempHome } from '@marketbridge/test-helpers';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionRegistry } from './index.js';
import { spawnWorker, type WorkerHandle } from './test-fixtures/spawn-worker.js';

const LANES = 3; // independent registry files, run side by side to keep the test short
const ROUNDS = 6; // per lane: 18 kills in all
const STALE_MS = 2000;

let home: TempHome;
const live = new Set<WorkerHandle>();

beforeEach(() => {
  home = createTempHome();
});
afterEach(() => {
  for (const w of live) w.child.kill('SIGKILL');
  live.clear();
  home.remove();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RoundResult {
  lockLeftBehind: boolean;
  tmpLeftBehind: boolean;
  /** ms from spawn to the first completed update, when the round started with an abandoned lock. */
  takeoverMs?: number;
}

function counterOnDisk(file: string): number {
  if (!existsSync(file)) return 0;
  const parsed = JSON.parse(readFileSync(file, 'utf8')); // throws if the file is not valid JSON
  return (parsed.sessions['id-victim']?.metadata.counter as number | undefined) ?? 0;
}

async function runLane(lane: number): Promise<RoundResult[]> {
  const file = home.path(`lane-${lane}.json`);
  const results: RoundResult[] = [];
  let inheritedLock = false;
  for (let round = 0; round < ROUNDS; round++) {
    const before = counterOnDisk(file);
    const started = performance.now();
    const w = spawnWorker({ file, name: 'victim', mode: 'forever', staleMs: STALE_MS });
    live.add(w);
    await w.waitForCompleted(1);
    const takeoverMs = performance.now() - started;
    await w.waitForCompleted(1 + Math.floor(Math.random() * 3));
    await sleep(Math.random() * 30);
    w.child.kill('SIGKILL');
    const exit = await w.exited;
    live.delete(w);
    expect(exit.signal).toBe('SIGKILL');

    // Every update the worker reported is there; at most one more (done, but killed before printing).
    const gained = counterOnDisk(file) - before;
    expect(gained).toBeGreaterThanOrEqual(w.completed());
    expect(gained).toBeLessThanOrEqual(w.completed() + 1);

    const names = readdirSync(home.dir);
    results.push({
      lockLeftBehind: names.includes(`lane-${lane}.json.lock`),
      tmpLeftBehind: names.some((n) => n.startsWith(`lane-${lane}.json.tmp-`)),
      ...(inheritedLock ? { takeoverMs } : {}),
    });
    inheritedLock = names.includes(`lane-${lane}.json.lock`);
  }

  // A last, ordinary writer: takes over whatever was left, cleans up, and sees every update.
  const total = counterOnDisk(file);
  const registry = new SessionRegistry({ file, staleMs: STALE_MS, onWarning: () => {} });
  await registry.update('id-victim', { pageCount: 2 });
  expect((await registry.get('id-victim'))?.metadata.counter).toBe(total);
  expect(readdirSync(home.dir).filter((n) => n.startsWith(`lane-${lane}.`))).toEqual([`lane-${lane}.json`]);
  return results;
}

it(`survives ${LANES * ROUNDS} SIGKILLs of writers mid-update, and takes over the locks they leave`, async () => {
  const results = (await Promise.all(Array.from({ length: LANES }, (_, lane) => runLane(lane)))).flat();
  const locksLeft = results.filter((r) => r.lockLeftBehind).length;
  const tmpsLeft = results.filter((r) => r.tmpLeftBehind).length;
  const takeovers = results.flatMap((r) => (r.takeoverMs === undefined ? [] : [r.takeoverMs]));
  console.info(
    `sigkill: ${results.length} kills, ${locksLeft} left the lock held, ${tmpsLeft} left a temp file; ` +
      `takeover after ${takeovers.map((t) => Math.round(t)).join(', ')} ms`,
  );
  // Kills land inside the locked section most of the time (the writer is almost always in it).
  expect(locksLeft).toBeGreaterThanOrEqual(results.length / 3);
  // Each round that began with an abandoned lock got its first update through: taken over, where a
  // lock judged live would have failed the worker with registry_locked after its retry budget.
  expect(takeovers.length).toBeGreaterThan(0);
});
