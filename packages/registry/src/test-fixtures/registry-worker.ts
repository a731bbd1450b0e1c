// A separate OS process that updates a registry, for the multi-process tests and the benchmark.
// Run: node --import tsx registry-worker.ts '<json WorkerArgs>'
// Prints one line per event on stdout: `ready`, `done <n>` after each completed update, `latencies <json>`.
import { SessionRegistry } from '../index.js';

export interface WorkerArgs {
  file: string;
  staleMs?: number;
  /** The worker's own session name and id (`id-<name>`). */
  name: string;
  /** count: `updates` increments of its own counter and of the shared total, then exit.
   *  forever: increments its own counter until killed.
   *  bench: like count without the shared record, then prints the latency of each update. */
  mode: 'count' | 'forever' | 'bench';
  updates?: number;
  /** Wait for a line on stdin before starting, so that several workers start together. */
  barrier?: boolean;
}

const SHARED_ID = 'shared-counter';
const args = JSON.parse(process.argv[2] ?? '{}') as WorkerArgs;
const say = (line: string) => process.stdout.write(`${line}\n`); // a pipe: synchronous on Linux

const registry = new SessionRegistry({
  file: args.file,
  staleMs: args.staleMs ?? 10_000,
  onWarning: (m) => process.stderr.write(`warning: ${m}\n`),
});
const id = `id-${args.name}`;

async function bump(withShared: boolean): Promise<number> {
  return registry.mutate((draft) => {
    let own = draft.sessions.get(id);
    if (!own) {
      own = {
        sessionId: id,
        sessionName: args.name,
        createdAt: draft.now,
        lastActivity: draft.now,
        currentUrl: 'about:blank',
        active: true,
        pageCount: 1,
        metadata: { counter: 0, pid: process.pid },
        browserType: 'chromium',
        headless: true,
        viewport: { width: 1280, height: 800 },
        status: 'active',
      };
      draft.sessions.set(id, own);
    }
    const counter = (own.metadata.counter as number) + 1;
    own.metadata = { ...own.metadata, counter };
    own.lastActivity = draft.now;
    if (withShared) {
      const shared = draft.sessions.get(SHARED_ID);
      if (shared) shared.metadata = { total: (shared.metadata.total as number) + 1 };
      else
        draft.sessions.set(SHARED_ID, {
          sessionId: SHARED_ID,
          sessionName: 'shared',
          createdAt: draft.now,
          lastActivity: draft.now,
          currentUrl: '',
          active: false,
          pageCount: 0,
          metadata: { total: 1 },
          browserType: 'chromium',
          headless: true,
          viewport: { width: 1280, height: 800 },
          status: 'inactive',
        });
    }
    return counter;
  });
}

async function waitForBarrier(): Promise<void> {
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
}

say('ready');
if (args.barrier) await waitForBarrier();

if (args.mode === 'forever') {
  for (;;) say(`done ${await bump(false)}`);
}

const latencies: number[] = [];
for (let i = 0; i < (args.updates ?? 50); i++) {
  const started = performance.now();
  const counter = await bump(args.mode === 'count');
  latencies.push(performance.now() - started);
  say(`done ${counter}`);
}
if (args.mode === 'count') await registry.markInactive(id);
if (args.mode === 'bench') say(`latencies ${JSON.stringify(latencies)}`);
