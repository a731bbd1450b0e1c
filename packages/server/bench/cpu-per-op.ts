// CPU per operation, side by side: N sessions each looping `execute document.title` through the HTTP API
// (an mb server, built, in a process of its own), through raw playwright-core in this process, and
// through Playwright's launchServer + connect. Prints, per way and level: ops/s, latency, the CPU ms per
// operation of the Node process that drives the browser (the server; this process for raw and connect)
// and of the browser's process tree; for the server also its event-loop delay and the state saves made.
// CPU is counted in CPU time (utime + stime), so the figures hold on a busy machine where rates do not.
//
//   pnpm build && pnpm exec tsx packages/server/bench/cpu-per-op.ts
//   MB_CPU_LEVELS=16,64 MB_CPU_SECONDS=10 MB_CPU_WAYS=http,raw,connect (the defaults)
//   MB_CPU_SERVER_OPTIONS='{"saveIntervalMs":0}' adds options to the server's
//
// Not a `*.bench.ts`: it prints and writes nothing, and `pnpm bench` does not run it.
import { readFileSync } from 'node:fs';
import { startTestSite } from '@marketbridge/test-helpers';
import type { Page } from 'playwright-core';
import { procTable } from '../../../bench/proc-memory.js';
import { percentile } from '../../../bench/types.js';
import { startPlaywrightWay } from './playwright-way.js';
import { sessionClients } from './post-json.js';
import { startServerProcess } from './server-process.js';

const LEVELS = (process.env.MB_CPU_LEVELS ?? '16,64').split(',').map(Number);
const SECONDS = Number(process.env.MB_CPU_SECONDS ?? 10);
const WAYS = (process.env.MB_CPU_WAYS ?? 'http,raw,connect').split(',');
const TICK_MS = 1000 / 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s

/** utime + stime of `pids`, ms (from /proc/<pid>/stat). */
function cpuMsOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {}
  }
  return ticks * TICK_MS;
}

/** The processes below `parent` (for the server and launchServer: its browsers'; gone ones not counted). */
function browserPids(parent: number): number[] {
  return [...procTable([parent]).keys()].filter((pid) => pid !== parent);
}

interface Way {
  name: string;
  grow(n: number, url: string): Promise<void>;
  execute(i: number): Promise<unknown>;
  /** CPU ms of the Node process that drives the browser, since it started. */
  nodeCpuMs(): number;
  /** CPU ms of the browsers' processes, since they started (those alive now). */
  browserCpuMs(): number;
  probe?(command: 'start' | 'stop'): Promise<Record<string, unknown>>;
  /** Whether the load generator (this process) is apart from the Node process that drives the browser. */
  client?: boolean;
  close(): Promise<void>;
}

const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function httpWay(maxSessions: number): Promise<Way> {
  const extra = JSON.parse(process.env.MB_CPU_SERVER_OPTIONS ?? '{}') as Record<string, unknown>;
  const server = await startServerProcess({ maxSessions, ...extra }, { probe: true });
  const clients = sessionClients(server.url, server.token);
  return {
    name: 'HTTP API',
    grow: (n, url) => clients.grow(n, url),
    execute: (i) => clients.execute(i),
    nodeCpuMs: () => cpuMsOf([server.pid]),
    browserCpuMs: () => cpuMsOf(browserPids(server.pid)),
    probe: (command) => server.probe(command),
    client: true,
    async close() {
      clients.destroy();
      await server.close();
    },
  };
}

async function playwrightWay(connect: boolean): Promise<Way> {
  const way = await startPlaywrightWay(connect);
  return {
    name: connect ? 'launchServer + connect' : 'raw playwright-core',
    grow: (n, url) => way.grow(n, url),
    execute: (i) => (way.pages[i] as Page).evaluate('document.title'),
    nodeCpuMs: way.serverPid !== undefined ? () => cpuMsOf([way.serverPid as number]) : ownCpuMs,
    client: way.serverPid !== undefined,
    browserCpuMs: () => cpuMsOf(way.browserMains().flatMap((pid) => [pid, ...browserPids(pid)])),
    close: () => way.close(),
  };
}

interface Measured {
  ops: number;
  errors: number;
  /** The first few distinct error messages. */
  messages: string[];
  seconds: number;
  latencies: number[];
  nodeMs: number;
  browserMs: number;
  /** CPU ms of this process (the load generator) in the loop, for the HTTP way. */
  clientMs: number;
  probe?: Record<string, unknown>;
}

async function measure(way: Way, n: number): Promise<Measured> {
  const loop = async (seconds: number) => {
    const latencies: number[] = [];
    let errors = 0;
    const messages = new Set<string>();
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: n }, async (_, w) => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          try {
            await way.execute(w);
            latencies.push(performance.now() - t0);
          } catch (error) {
            errors++;
            if (messages.size < 3) messages.add((error as Error).message.slice(0, 200));
          }
        }
      }),
    );
    return { latencies, errors, messages: [...messages] };
  };
  await loop(1); // warm up: pages compiled the script, connections open
  await way.probe?.('start');
  const [node0, browser0, client0, t0] = [way.nodeCpuMs(), way.browserCpuMs(), ownCpuMs(), performance.now()];
  const { latencies, errors, messages } = await loop(SECONDS);
  const [node1, browser1, client1, t1] = [way.nodeCpuMs(), way.browserCpuMs(), ownCpuMs(), performance.now()];
  const probe = await way.probe?.('stop');
  return {
    ops: latencies.length,
    errors,
    messages,
    seconds: (t1 - t0) / 1000,
    latencies,
    nodeMs: probe ? Number(probe.cpuMs) : node1 - node0,
    browserMs: browser1 - browser0,
    clientMs: client1 - client0,
    ...(probe ? { probe } : {}),
  };
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const site = await startTestSite();
const url = site.at('/form');
try {
  for (const make of WAYS.map((w) =>
    w === 'http'
      ? () => httpWay(Math.max(...LEVELS) + 1)
      : w === 'connect'
        ? () => playwrightWay(true)
        : () => playwrightWay(false),
  )) {
    const way = await make();
    try {
      for (const n of LEVELS) {
        await way.grow(n, url);
        const m = await measure(way, n);
        const perOp = (ms: number) => (m.ops ? (ms / m.ops).toFixed(2) : '—');
        const row =
          `${way.name.padEnd(22)} n=${String(n).padStart(3)}  ${(m.ops / m.seconds).toFixed(0).padStart(5)} ops/s  ` +
          `p50 ${percentile(m.latencies, 50).toFixed(1)} p95 ${percentile(m.latencies, 95).toFixed(1)} ms  ` +
          `node ${perOp(m.nodeMs)} ms/op  browsers ${perOp(m.browserMs)} ms/op` +
          (way.client ? `  client ${perOp(m.clientMs)} ms/op` : '') +
          (m.probe ? `  server ${JSON.stringify(m.probe)}` : '') +
          (m.errors ? `  errors ${m.errors}: ${m.messages.join(' | ')}` : '') +
          `  (load ${loadAverage()})`;
        console.log(row);
      }
    } finally {
      await way.close();
    }
  }
} finally {
  await site.close();
}
