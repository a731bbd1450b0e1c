import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { procTable, treeMemory } from '../../../bench/proc-memory.js';
import type { ServerOptions } from '../src/index.js';

export interface ServerProcess {
  url: string;
  token: string;
  /** RSS of the server process, and PSS summed over the browsers it launched, MB. */
  memoryMb(): { server: number; browsers: number };
  close(): Promise<void>;
}

/** An mb server (built: `pnpm build`) in a child process, with `options`. */
export async function startServerProcess(options: Partial<ServerOptions>): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./scale-server.mjs', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [script, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Should the bench itself die, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let started: { url: string; token: string };
  try {
    started = await new Promise<{ url: string; token: string }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("the bench's server did not start within 60 s")),
        60_000,
      );
      child.stdout?.once('data', (d: Buffer) => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(d.toString()));
        } catch {
          reject(new Error(`the bench's server printed ${JSON.stringify(d.toString())}, not its address`));
        }
      });
      child.once('exit', (code) =>
        reject(new Error(`the bench's server exited with ${code} (run pnpm build?)`)),
      );
    });
  } catch (error) {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    throw error;
  }
  const pid = child.pid as number;
  return {
    ...started,
    memoryMb() {
      const table = procTable([pid]);
      return { server: (table.get(pid)?.rssKb ?? 0) / 1024, browsers: treeMemory(pid, false, table).mb };
    },
    async close() {
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(forced);
      process.off('exit', killOnExit);
    },
  };
}
