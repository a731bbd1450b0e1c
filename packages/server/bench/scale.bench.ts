// Scale: throughput of execute and navigate with 1 to 128 concurrent sessions through the HTTP API,
// next to the same work with raw playwright-core in one process (the limit) and through Playwright's
// own launchServer + connect (the peer). Memory per idle and per active session, the session count at
// which p95 execute latency passes 100 ms, and admission control past that point. Every loop is
// bounded in count and time; MB_SCALE_LEVELS (e.g. "1,4,16") and MB_SCALE_SECONDS shorten or
// lengthen a run; MB_ADMISSION_SESSIONS sets the admission cap. The HTTP API is a built server
// (`pnpm build`) in a process of its own.
import { startTestSite } from '@marketbridge/test-helpers';
import type { Page } from 'playwright-core';
import { treePssMb } from '../../../bench/proc-memory.js';
import type { BenchSection } from '../../../bench/types.js';
import { fmtMs, percentile } from '../../../bench/types.js';
import { admissionSection } from './admission.js';
import { startPlaywrightWay } from './playwright-way.js';
import { sessionClients } from './post-json.js';
import { startServerProcess } from './server-process.js';

const LEVELS = (process.env.MB_SCALE_LEVELS ?? '1,4,16,32,48,64,128').split(',').map(Number);
const SECONDS = Number(process.env.MB_SCALE_SECONDS ?? 3);
/** Slices of SECONDS each way gets per operation and level, the ways' order rotated every round. */
const ROUNDS = Number(process.env.MB_SCALE_ROUNDS ?? 3);
/** No level runs more operations than this per session, however fast. */
const MAX_OPS_PER_SESSION = 2000;

// ---- load loop ---------------------------------------------------------------------------------

interface Run {
  /** Operations that succeeded. */
  ops: number;
  seconds: number;
  /** Of every operation, failed ones included. */
  latencies: number[];
  errors: number;
  /** The first few distinct error messages. */
  errorMessages: string[];
}

/** `workers` loops in parallel, each calling `op(worker)` until the time or count bound. */
async function load(workers: number, op: (worker: number) => Promise<unknown>): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const errorMessages = new Set<string>();
  const failedLatencies: number[] = [];
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < MAX_OPS_PER_SESSION && performance.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          await op(w);
          latencies.push(performance.now() - t0);
        } catch (error) {
          // A failure counts in the latency percentiles too (not in the throughput).
          failedLatencies.push(performance.now() - t0);
          errors++;
          if (errorMessages.size < 3) errorMessages.add((error as Error).message.slice(0, 300));
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    ops: latencies.length,
    seconds,
    latencies: [...latencies, ...failedLatencies],
    errors,
    errorMessages: [...errorMessages],
  };
}

// ---- the three ways to drive N sessions ----------------------------------------------------------

interface Driver {
  name: string;
  /** Opens sessions 0..n-1 (keeping those already open) on `url`. */
  grow(n: number, url: string): Promise<void>;
  execute(i: number): Promise<unknown>;
  navigate(i: number, url: string): Promise<unknown>;
  /** Memory of this driver's browsers and, for the server, of the server process. */
  memoryMb(): { server: number; browsers: number };
  close(): Promise<void>;
}

async function httpDriver(maxSessions: number): Promise<Driver> {
  const server = await startServerProcess({ maxSessions });
  const clients = sessionClients(server.url, server.token);
  return {
    name: 'HTTP API (mb server)',
    grow: (n, url) => clients.grow(n, url),
    execute: (i) => clients.execute(i),
    navigate: (i, url) => clients.post(i)(`/sessions/s${i}/navigate`, { url }),
    memoryMb: () => server.memoryMb(),
    async close() {
      clients.destroy();
      await server.close();
    },
  };
}

async function playwrightDriver(name: string, connect: boolean): Promise<Driver> {
  const way = await startPlaywrightWay(connect);
  const page = (i: number) => way.pages[i] as Page;
  return {
    name,
    grow: (n, url) => way.grow(n, url),
    execute: (i) => page(i).evaluate('document.title'),
    navigate: (i, url) => page(i).goto(url),
    memoryMb: () => ({
      server: 0,
      browsers: way.browserMains().reduce((sum, pid) => sum + treePssMb(pid, true), 0),
    }),
    close: () => way.close(),
  };
}

// ---- the bench -----------------------------------------------------------------------------------

interface Level {
  n: number;
  execute: Run;
  navigate: Run;
  idleMb: { server: number; browsers: number };
  activeMb: { server: number; browsers: number };
}

type Memory = Level['idleMb'];

/** One way's runs of a level as one: operations and seconds added up, latencies and errors together. */
function merged(runs: Run[]): Run {
  return {
    ops: runs.reduce((sum, r) => sum + r.ops, 0),
    seconds: runs.reduce((sum, r) => sum + r.seconds, 0),
    latencies: runs.flatMap((r) => r.latencies),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    errorMessages: [...new Set(runs.flatMap((r) => r.errorMessages))].slice(0, 3),
  };
}

/**
 * Every level with all ways open at once: each operation runs in ROUNDS rounds of one slice per way, the
 * order rotated every round, so the ways share the machine's drift instead of each taking its own minutes.
 */
async function driveAll(drivers: Driver[], url: string): Promise<Level[][]> {
  const out: Level[][] = drivers.map(() => []);
  for (const n of LEVELS) {
    const started = performance.now();
    for (const driver of drivers) await driver.grow(n, url);
    await new Promise((r) => setTimeout(r, 500));
    const idleMb = drivers.map((d) => d.memoryMb());
    // Under load: read half a second into a way's first execute slice, while every session is busy (or at
    // its end, should they all finish sooner).
    const activeMb: (Memory | undefined)[] = drivers.map(() => undefined);
    const runs = { execute: drivers.map((): Run[] => []), navigate: drivers.map((): Run[] => []) };
    for (const op of ['execute', 'navigate'] as const) {
      for (let round = 0; round < ROUNDS; round++) {
        for (let k = 0; k < drivers.length; k++) {
          const j = (k + round) % drivers.length;
          const driver = drivers[j] as Driver;
          const sampleNow = op === 'execute' && activeMb[j] === undefined;
          const sample = sampleNow
            ? setTimeout(() => {
                activeMb[j] = driver.memoryMb();
              }, 500)
            : undefined;
          const run = await load(
            n,
            op === 'execute' ? (i) => driver.execute(i) : (i) => driver.navigate(i, url),
          );
          clearTimeout(sample);
          if (sampleNow) activeMb[j] ??= driver.memoryMb();
          runs[op][j]?.push(run);
        }
      }
    }
    drivers.forEach((driver, j) => {
      const execute = merged(runs.execute[j] ?? []);
      const navigate = merged(runs.navigate[j] ?? []);
      out[j]?.push({ n, execute, navigate, idleMb: idleMb[j] as Memory, activeMb: activeMb[j] as Memory });
      console.error(
        `[scale] ${driver.name} n=${n}: execute ${rate(execute).toFixed(0)}/s, navigate ${rate(navigate).toFixed(0)}/s`,
      );
    });
    console.error(`[scale] level ${n}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return out;
}

const rate = (r: Run) => r.ops / r.seconds;

export default async function bench(): Promise<BenchSection[]> {
  const site = await startTestSite();
  try {
    return await scale(site.at('/form'));
  } finally {
    await site.close();
  }
}

async function scale(url: string): Promise<BenchSection[]> {
  const maxN = Math.max(...LEVELS);
  const drivers: Driver[] = [];
  let levels: Level[][];
  try {
    drivers.push(await playwrightDriver('raw playwright-core, one process', false));
    drivers.push(await playwrightDriver('Playwright launchServer + connect', true));
    drivers.push(await httpDriver(maxN + 1));
    levels = await driveAll(drivers, url);
  } finally {
    for (const driver of drivers) await driver.close();
  }
  const results = drivers.map((d, j) => ({ name: d.name, levels: levels[j] as Level[] }));

  const [raw, peer, http] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0]];
  const throughput: (string | number)[][] = [
    [
      'sessions',
      'operation',
      'raw playwright ops/s',
      'launchServer+connect ops/s',
      'HTTP API ops/s',
      'HTTP / raw',
      'HTTP / connect',
      'HTTP p50 ms',
      'HTTP p95 ms',
      'HTTP errors',
    ],
  ];
  for (let i = 0; i < LEVELS.length; i++) {
    for (const op of ['execute', 'navigate'] as const) {
      const [r, p, h] = [raw.levels[i]?.[op], peer.levels[i]?.[op], http.levels[i]?.[op]] as [Run, Run, Run];
      throughput.push([
        LEVELS[i] as number,
        op,
        rate(r).toFixed(0),
        rate(p).toFixed(0),
        rate(h).toFixed(0),
        (rate(h) / rate(r)).toFixed(2),
        (rate(h) / rate(p)).toFixed(2),
        fmtMs(percentile(h.latencies, 50)),
        fmtMs(percentile(h.latencies, 95)),
        h.errors,
      ]);
    }
  }

  const memory: (string | number)[][] = [
    [
      'sessions',
      'way',
      'server RSS MB, idle',
      'server MB per added session',
      'server RSS MB, under load',
      'browsers PSS MB, idle',
      'browsers MB per added idle session',
      'browsers PSS MB, under load',
      'browsers MB per added active session',
    ],
  ];
  for (const r of results) {
    const isHttp = r.name.startsWith('HTTP');
    r.levels.forEach((l, i) => {
      const prev = r.levels[i - 1];
      const per = (now: number, before: number | undefined) =>
        prev && before !== undefined ? ((now - before) / (l.n - prev.n)).toFixed(1) : '—';
      memory.push([
        l.n,
        r.name,
        isHttp ? l.idleMb.server.toFixed(0) : '—',
        isHttp ? per(l.idleMb.server, prev?.idleMb.server) : '—',
        isHttp ? l.activeMb.server.toFixed(0) : '—',
        l.idleMb.browsers.toFixed(0),
        per(l.idleMb.browsers, prev?.idleMb.browsers),
        l.activeMb.browsers.toFixed(0),
        per(l.activeMb.browsers, prev?.activeMb.browsers),
      ]);
    });
  }

  const p95 = (l: Level) => percentile(l.execute.latencies, 95);
  const crossing = http.levels.find((l) => p95(l) > 100);
  const held = [...http.levels].reverse().find((l) => l.n < (crossing?.n ?? Number.POSITIVE_INFINITY));
  const knee = crossing
    ? `p95 execute latency through the HTTP API first passes 100 ms at ${crossing.n} concurrent sessions ` +
      `(${fmtMs(p95(crossing))} ms)` +
      (held
        ? `; at ${held.n} it is ${fmtMs(p95(held))} ms. This machine holds ${held.n} busy sessions.`
        : '.')
    : `p95 execute latency through the HTTP API stays under 100 ms up to ${maxN} concurrent sessions, the most tried.`;

  const navRatios = http.levels.map((l, i) => rate(l.navigate) / rate(raw.levels[i]?.navigate ?? l.navigate));
  const navigateNote =
    `navigate is bound by Chromium: total navigations per second stay about level as sessions are added, so ` +
    `latency grows with the session count. Through the HTTP API it reaches ${Math.min(...navRatios).toFixed(2)}–` +
    `${Math.max(...navRatios).toFixed(2)} of raw playwright-core's rate: the per-navigation work the server adds ` +
    `(title, state saves between operations, registry activity) competes for the same two cores.`;

  const errorNotes = http.levels.flatMap((l) =>
    (['execute', 'navigate'] as const).flatMap((op) =>
      l[op].errors ? [`HTTP errors at ${l.n} sessions, ${op}: ${l[op].errorMessages.join(' | ')}`] : [],
    ),
  );

  // The cap for the admission run: the most sessions held, or, if even the first level passed 100 ms, one;
  // MB_ADMISSION_SESSIONS sets it (to rerun admission alone with MB_SCALE_LEVELS=1).
  const capFromEnv = Number(process.env.MB_ADMISSION_SESSIONS);
  const admission = await admissionSection(
    capFromEnv > 0
      ? { maxSessions: capFromEnv, capReason: 'set by MB_ADMISSION_SESSIONS', url }
      : {
          maxSessions: held?.n ?? (crossing ? 1 : maxN),
          capReason: 'the most sessions this machine held under 100 ms p95 execute above',
          url,
        },
  );
  return [
    {
      title:
        'Scale: throughput with concurrent sessions (HTTP API vs raw playwright-core vs launchServer + connect)',
      description:
        `Each of N sessions (a context with one page on a loopback test page) runs its own loop of ` +
        `\`execute document.title\`, then of \`navigate\` to the same page, all N loops at once, in slices of ` +
        `${SECONDS} s (at most ${MAX_OPS_PER_SESSION} operations per session a slice). The three ways are open side ` +
        `by side; at each level every way gets ${ROUNDS} slices of each operation, the ways' order rotated every ` +
        `round, so they share the machine's drift. Raw playwright-core: one browser, ` +
        `page.evaluate / page.goto in this process. launchServer + connect: the same over Playwright's own ` +
        `WebSocket protocol, its server in a process of its own (MB_CONNECT_IN_PROCESS=1: in this process). HTTP API: an mb server (built) in a process of its own, as deployed, one ` +
        `keep-alive connection per session. ` +
        `Ratios are ops/s of the HTTP API over the other two.`,
      table: throughput,
      notes: [
        knee,
        navigateNote,
        ...errorNotes,
        "While one way runs, the other two ways' sessions sit idle in their own browsers (their renderers cost a " +
          'little CPU), as they would beside each other on one machine.',
        `Levels: ${LEVELS.join(', ')}; MB_SCALE_LEVELS, MB_SCALE_SECONDS and MB_SCALE_ROUNDS change them.`,
      ],
    },
    {
      title: 'Scale: memory per session',
      description:
        'Browsers: PSS from /proc/<pid>/smaps_rollup summed over the browser process tree of each way (main ' +
        "process, GPU, network, renderers; the three ways' browsers run side by side, so pages they share are " +
        'split among them). Server: RSS of the mb server process (HTTP rows only; it runs in a ' +
        'process of its own, as deployed). Idle: the N sessions open, nothing running; under load: read half a ' +
        'second into the execute loops, every session busy. Per added session = the growth from the previous level ' +
        'divided by the sessions added.',
      table: memory,
    },
    admission,
  ];
}
