// Starts registry-worker.ts as a separate OS process (node --import tsx) and follows its stdout lines.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerArgs } from './registry-worker.js';

const here = dirname(fileURLToPath(import.meta.url));
const workerFile = join(here, 'registry-worker.ts');
const packageDir = join(here, '..', '..');

export interface WorkerHandle {
  readonly child: ChildProcess;
  /** `done <n>` lines seen so far (updates the worker reported as completed). */
  readonly completed: () => number;
  readonly lines: string[];
  readonly stderr: () => string;
  /** Resolves when the worker printed `ready`. */
  readonly ready: Promise<void>;
  /** Resolves when the process has exited (any way), with its code/signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once `completed() >= n`; rejects if the worker exits first. */
  waitForCompleted(n: number): Promise<void>;
  /** Releases a worker started with `barrier: true`. */
  go(): void;
}

export function spawnWorker(args: WorkerArgs): WorkerHandle {
  const child = spawn(process.execPath, ['--import', 'tsx', workerFile, JSON.stringify(args)], {
    cwd: packageDir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let completed = 0;
  let stderr = '';
  let buffered = '';
  const waiters: { n: number; resolve: () => void }[] = [];
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffered += chunk;
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      lines.push(line);
      if (line === 'ready') markReady();
      if (line.startsWith('done ')) completed += 1;
      for (const w of waiters.splice(0)) {
        if (completed >= w.n) w.resolve();
        else waiters.push(w);
      }
      nl = buffered.indexOf('\n');
    }
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close' fires after the stdio streams ended, so every line printed before death is counted.
    child.on('close', (code, signal) => resolve({ code, signal }));
  });

  return {
    child,
    completed: () => completed,
    lines,
    stderr: () => stderr,
    ready,
    exited,
    waitForCompleted(n) {
      if (completed >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiters.push({ n, resolve });
        void exited.then(({ code, signal }) => {
          if (completed < n)
            reject(new Error(`worker exited (${code ?? signal}) after ${completed} updates:\n${stderr}`));
        });
      });
    },
    go() {
      child.stdin?.write('go\n');
    },
  };
}
