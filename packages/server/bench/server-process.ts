import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { procTable, treeMemory } from '../../../bench/proc-memory.js';
import type { ServerOptions } from '../src/index.js';

export interface ServerProcess {
  url: string;
  token: string;
  pid: number;
  /**
   * With `probe: true`: `start` begins a measured span, `stop` ends it and answers what
   * scale-server.mjs measured in it (CPU ms, event-loop delay, state saves).
   */
  probe(command: 'start' | 'stop'): Promise<Record<string, unknown>>;
  /** RSS of the server process, and PSS summed over the browsers it launched, MB. */
  memoryMb(): { server: number; browsers: number };
  close(): Promise<void>;
}

/** An mb server (built: `pnpm build`) in a child process, with `options`. */
export async function startServerProcess(
  options: Partial<ServerOptions>,
  { probe = false }: { probe?: boolean } = {},
): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./scale-server.mjs', import.meta.url));
  // MB_SERVER_NODE_ARGS: Node flags for the server alone (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`; NODE_OPTIONS refuses them).
  const nodeArgs = (process.env.MB_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, script, JSON.stringify(options)], {
    stdio: [probe ? 'pipe' : 'ignore', 'pipe', 'inherit'],
    env: { ...process.env, MB_SCALE_PROBE: probe ? '1' : '' },
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
  // The probe's answers: one JSON line each, after the first line (the address).
  const answers = child.stdout ? createInterface({ input: child.stdout }) : undefined;
  return {
    ...started,
    pid,
    probe(command) {
      if (!probe || !answers || !child.stdin) throw new Error('started without probe: true');
      const answer = new Promise<Record<string, unknown>>((resolve) =>
        answers.once('line', (line) => resolve(JSON.parse(line))),
      );
      child.stdin.write(`${command}\n`);
      return answer;
    },
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
