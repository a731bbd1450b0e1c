// Registry update latency: one writer process, and six writer processes contending for the lock.
// Each update is a full locked read-change-write (lock, read, decode, change, encode, temp file,
// fsync, rename, directory fsync, unlock) of a registry holding ~26 sessions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchSection, fmtMs, median, percentile } from '../../../bench/types.js';
import { SessionRegistry } from '../src/index.js';
import { spawnWorker } from '../src/test-fixtures/spawn-worker.js';

const SEEDED_SESSIONS = 20;

interface Result {
  writers: number;
  updates: number;
  latencies: number[];
  seconds: number;
}

async function seed(file: string): Promise<SessionRegistry> {
  const registry = new SessionRegistry({ file });
  for (let i = 0; i < SEEDED_SESSIONS; i++) {
    await registry.create({
      sessionName: `seed-${i}`,
      currentUrl: `http://localhost:8080/${i}`,
      metadata: { i },
    });
  }
  return registry;
}

async function contend(writers: number, updatesEach: number): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'mb-registry-bench-'));
  try {
    const file = join(dir, 'browser_sessions_registry.json');
    await seed(file);
    const workers = Array.from({ length: writers }, (_, i) =>
      spawnWorker({ file, name: `bench-${i}`, mode: 'bench', updates: updatesEach, barrier: true }),
    );
    await Promise.all(workers.map((w) => w.ready));
    const started = performance.now();
    for (const w of workers) w.go();
    const exits = await Promise.all(workers.map((w) => w.exited));
    const seconds = (performance.now() - started) / 1000;
    const latencies: number[] = [];
    for (const [i, w] of workers.entries()) {
      const line = w.lines.find((l) => l.startsWith('latencies '));
      if (exits[i]?.code !== 0 || !line) throw new Error(`bench worker ${i} failed: ${w.stderr()}`);
      latencies.push(...(JSON.parse(line.slice('latencies '.length)) as number[]));
    }
    return { writers, updates: latencies.length, latencies, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function reads(count: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mb-registry-bench-'));
  try {
    const registry = await seed(join(dir, 'browser_sessions_registry.json'));
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await registry.read();
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<BenchSection> {
  const single = await contend(1, 300);
  const six = await contend(6, 100);
  const readTimes = await reads(500);
  const row = (label: string, r: Result) => [
    label,
    r.updates,
    fmtMs(median(r.latencies)),
    fmtMs(percentile(r.latencies, 95)),
    fmtMs(Math.max(...r.latencies)),
    Math.round(r.updates / r.seconds),
  ];
  return {
    title: 'Session registry: update latency',
    description:
      `Latency of one \`mutate()\` (lock, read, change, temp file + fsync + rename + directory fsync, unlock) on a ` +
      `registry of ~${SEEDED_SESSIONS + 6} sessions, measured inside separate writer processes that start together; ` +
      'and of a lock-free `read()` in one process.',
    table: [
      ['scenario', 'operations', 'median ms', 'p95 ms', 'max ms', 'ops/s (all writers)'],
      row('update, 1 writer process', single),
      row('update, 6 contending writer processes', six),
      [
        'read(), 1 process',
        readTimes.length,
        fmtMs(median(readTimes)),
        fmtMs(percentile(readTimes, 95)),
        fmtMs(Math.max(...readTimes)),
        '-',
      ],
    ],
    notes: [
      'A waiting writer polls the lock every 5–20 ms (×1–2 jitter). The lock is not fair: a writer that has just ' +
        'released it can take it straight back, so with six writers updating back to back the unlucky one waits ' +
        'much longer than the median (the max column); real callers, which do not update in a tight loop, see ' +
        'the p95. Total throughput is bounded by one fsync-ed write at a time.',
    ],
  };
}
