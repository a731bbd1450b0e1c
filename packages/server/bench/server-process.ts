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
  const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(JSON.parse(d.toString())));
    child.once('exit', (code) =>
      reject(new Error(`the bench's server exited with ${code} (run pnpm build?)`)),
    );
  });
  const pid = child.pid as number;
  return {
    url,
    token,
    memoryMb() {
      const table = procTable();
      return { server: (table.get(pid)?.rssKb ?? 0) / 1024, browsers: treeMemory(pid, false, table).mb };
    },
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
