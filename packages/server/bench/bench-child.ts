// A helper process of a bench (the mb server, Playwright's browser server): a Node script that prints one
// JSON line when it is ready. It dies with the bench; closing it asks it to stop, then kills it after a bound.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

export interface BenchChild<T> {
  child: ChildProcess;
  pid: number;
  /** What the child printed when ready. */
  ready: T;
  /** Its stdout lines after the first. */
  lines: Interface;
  close(): Promise<void>;
}

export interface BenchChildOptions {
  /** Named in errors: "the bench's server". */
  what: string;
  /** Node flags, the script, its arguments. */
  args: string[];
  stdin: boolean;
  env?: NodeJS.ProcessEnv;
  /** Asks the child to stop; it is killed if it has not exited `stopBoundMs` later. */
  stop(child: ChildProcess): void;
  stopBoundMs: number;
  /** Added to the error when the child exits before it is ready: what the user may have to do. */
  hint?: string;
}

const START_BOUND_MS = 60_000;

export async function startBenchChild<T>(options: BenchChildOptions): Promise<BenchChild<T>> {
  const { what } = options;
  const child = spawn(process.execPath, options.args, {
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'inherit'],
    ...(options.env ? { env: options.env } : {}),
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Should the bench itself die, the child must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  let ready: T;
  try {
    ready = await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what} did not start within ${START_BOUND_MS / 1000} s`)),
        START_BOUND_MS,
      );
      lines.once('line', (line) => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line) as T);
        } catch {
          reject(
            new Error(`${what} printed ${JSON.stringify(line)}, not the JSON line it prints when ready`),
          );
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(
          new Error(
            `${what} exited with ${code} before it was ready${options.hint ? ` (${options.hint})` : ''}`,
          ),
        );
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    throw error;
  }
  return {
    child,
    pid: child.pid as number,
    ready,
    lines,
    async close() {
      options.stop(child);
      const forced = setTimeout(() => child.kill('SIGKILL'), options.stopBoundMs);
      await exited;
      clearTimeout(forced);
      process.off('exit', killOnExit);
    },
  };
}
