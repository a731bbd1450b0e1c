import { fileURLToPath } from 'node:url';
import { procTable, treeMemory } from '../../../bench/proc-memory.js';
import type { ServerOptions } from '../src/index.js';
import { startBenchChild } from './bench-child.js';

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
  const server = await startBenchChild<{ url: string; token: string }>({
    what: "the bench's server",
    args: [...nodeArgs, script, JSON.stringify(options)],
    stdin: probe,
    env: { ...process.env, MB_SCALE_PROBE: probe ? '1' : '' },
    stop: (child) => child.kill('SIGTERM'),
    stopBoundMs: 30_000,
    hint: 'run pnpm build?',
  });
  const { pid, child } = server;
  return {
    ...server.ready,
    pid,
    probe(command) {
      if (!probe || !child.stdin) throw new Error('started without probe: true');
      // The probe's answers: one JSON line each, after the first line (the address).
      const answer = new Promise<Record<string, unknown>>((resolve) =>
        server.lines.once('line', (line) => resolve(JSON.parse(line))),
      );
      child.stdin.write(`${command}\n`);
      return answer;
    },
    memoryMb() {
      const table = procTable([pid]);
      return { server: (table.get(pid)?.rssKb ?? 0) / 1024, browsers: treeMemory(pid, false, table).mb };
    },
    close: server.close,
  };
}
