// CDP attach: what a stock client pays to use a named session through the server's filtering endpoint
// (`ws://<server>/sessions/<id>/cdp`), next to its peers on the same machine in the same run:
// 1. attach latency (connect to first action) through the endpoint, directly on the same browser's
//    DevTools socket, through Playwright's launchServer + connect, and on a bare Chromium's DevTools port;
// 2. the round trip of page.evaluate through the endpoint and directly on the same browser, alternated;
// 3. browser memory per idle session with nobody attached, with one client per session attached, and
//    on a server started with `cdp: false` (no DevTools port), sampled side by side.
// Counts: MB_CDP_ATTACH_N (attaches per peer), MB_CDP_EVAL_N (evaluates per side), MB_CDP_SESSIONS.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { locateBrowser } from '@marketbridge/browser-manager';
import { createTempHome, startTestSite, type TempHome } from '@marketbridge/test-helpers';
import { type Browser, chromium, type Page } from 'playwright-core';
import { procTable, treeMemory } from '../../../bench/proc-memory.js';
import type { BenchSection } from '../../../bench/types.js';
import { fmtMs, median, percentile, type Timed } from '../../../bench/types.js';
import { createServer, type RunningServer } from '../src/index.js';

const ATTACH_N = Number(process.env.MB_CDP_ATTACH_N ?? 30);
const EVAL_N = Number(process.env.MB_CDP_EVAL_N ?? 1500);
const SESSIONS = Number(process.env.MB_CDP_SESSIONS ?? 4);
/** Time bounds: the attach rounds, and each evaluate row (a busy machine gets fewer samples, never a longer run). */
const ATTACH_SECONDS = 60;
const ROW_SECONDS = 15;
/** Memory samples per server and phase, half a second apart. */
const MEMORY_ROUNDS = 5;

/** The switches browser-manager launches Chromium with (launch.ts), for the bare browser too. */
const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-quic',
];
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const signedKb = (kb: number) => `${kb >= 0 ? '+' : ''}${kb.toFixed(0)} kB`;
const signedPct = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;

// ---- load average --------------------------------------------------------------------------------

/** 1-minute load averages seen at the marks of one section. */
class Load {
  readonly #marks: number[] = [];
  mark(): void {
    this.#marks.push(loadavg()[0] ?? Number.NaN);
  }
  toString(): string {
    const m = this.#marks;
    return `1-min load average ${Math.min(...m).toFixed(1)}–${Math.max(...m).toFixed(1)} during this section (${cpus().length} cores)`;
  }
}

// ---- the browsers --------------------------------------------------------------------------------

interface BareChromium {
  wsUrl: string;
  pid: number;
  close(): Promise<void>;
}

/** A headless Chromium started from the command line with a DevTools port and one page open, no Playwright. */
async function bareChromium(url: string): Promise<BareChromium> {
  const home = createTempHome('mb-cdp-bench-bare-');
  const child: ChildProcess = spawn(
    locateBrowser('chromium').executablePath,
    [
      '--headless',
      ...(isRoot() ? ['--no-sandbox'] : []),
      ...CHROMIUM_ARGS,
      '--remote-debugging-port=0',
      `--user-data-dir=${home.path('profile')}`,
      url,
    ],
    // A process group of its own, so that closing it takes Chromium's helper processes too.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const wsUrl = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`bare Chromium did not listen: ${seen}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (found) {
        clearTimeout(timer);
        child.stderr?.removeAllListeners('data');
        child.stderr?.resume();
        resolve(found[1] as string);
      }
    });
    child.once('exit', (code) => reject(new Error(`bare Chromium exited (${code}): ${seen}`)));
  });
  return {
    wsUrl,
    pid: child.pid as number,
    async close() {
      const group = -(child.pid as number);
      const signal = (name: NodeJS.Signals) => {
        try {
          process.kill(group, name);
        } catch {} // already gone
      };
      const exited = new Promise((r) => child.once('exit', r));
      if (child.exitCode === null) signal('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
      signal('SIGKILL'); // helpers that outlived the browser process
      await sleep(200);
      try {
        rmSync(home.dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      } catch (error) {
        console.error(`[cdp-attach] could not remove ${home.dir}: ${(error as Error).message}`);
      }
    },
  };
}

/** The page at `url` among every context's pages (a direct client sees the whole browser). */
function pageAt(browser: Browser, url: string): Page {
  const page = browser
    .contexts()
    .flatMap((c) => c.pages())
    .find((p) => p.url() === url);
  if (!page) throw new Error(`no page at ${url}`);
  return page;
}

/** `contexts()[0].pages()[0]`: where a CDP client finds the page of a session or of a bare browser. */
function firstPage(browser: Browser): Page {
  const page = browser.contexts()[0]?.pages()[0];
  if (!page) throw new Error('no page in contexts()[0]');
  return page;
}

function endpointOf(server: RunningServer, session: string): string {
  return `${server.url.replace(/^http/, 'ws')}/sessions/${encodeURIComponent(session)}/cdp`;
}

const auth = (server: RunningServer) => ({ Authorization: `Bearer ${server.token ?? ''}` });

// ---- 1. attach latency ---------------------------------------------------------------------------

interface Peer {
  name: string;
  /** Connects, does the first action, and leaves; returns ms to connected and to the action done. */
  attach(): Promise<{ connect: number; first: number }>;
}

async function timedAttach(
  connect: () => Promise<Browser>,
  act: (browser: Browser) => Promise<unknown>,
): Promise<{ connect: number; first: number }> {
  const t0 = performance.now();
  const browser = await connect();
  const t1 = performance.now();
  await act(browser);
  const t2 = performance.now();
  await browser.close();
  return { connect: t1 - t0, first: t2 - t0 };
}

async function attachSection(server: RunningServer, pageUrl: string): Promise<BenchSection> {
  const load = new Load();
  const { executablePath } = locateBrowser('chromium');
  const launched = await chromium.launchServer({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const keeper = await chromium.connect(launched.wsEndpoint());
  await (await keeper.newPage()).goto(pageUrl); // a page open there, as in the session
  const bare = await bareChromium(pageUrl);
  const { browserWsUrl } = await server.manager.devtoolsTarget('bench');
  const ours = endpointOf(server, 'bench');
  const peers: Peer[] = [
    {
      name: 'our endpoint: `connectOverCDP(cdpUrl)`, `contexts()[0].pages()[0].evaluate`',
      attach: () =>
        timedAttach(
          () => chromium.connectOverCDP(ours, { headers: auth(server) }),
          (b) => firstPage(b).evaluate('1'),
        ),
    },
    {
      name: "same browser, its own DevTools socket (no proxy): `connectOverCDP`, the session's page",
      attach: () =>
        timedAttach(
          () => chromium.connectOverCDP(browserWsUrl),
          (b) => pageAt(b, pageUrl).evaluate('1'),
        ),
    },
    {
      name: '`launchServer` + `chromium.connect`, `newPage()` + `evaluate`',
      attach: () =>
        timedAttach(
          () => chromium.connect(launched.wsEndpoint()),
          async (b) => (await b.newPage()).evaluate('1'),
        ),
    },
    {
      name: "bare Chromium's DevTools port: `connectOverCDP`, `contexts()[0].pages()[0].evaluate`",
      attach: () =>
        timedAttach(
          () => chromium.connectOverCDP(bare.wsUrl),
          (b) => firstPage(b).evaluate('1'),
        ),
    },
  ];
  const samples = peers.map(() => ({ connect: [] as number[], first: [] as number[] }));
  try {
    load.mark();
    // On a machine too busy for ATTACH_N rounds in ATTACH_SECONDS, fewer (at least 10): see the n column.
    const deadline = performance.now() + ATTACH_SECONDS * 1000;
    for (let round = -2; round < ATTACH_N && (round < 10 || performance.now() < deadline); round++) {
      // Every peer once a round, the order rotating so none always follows the same one.
      for (let k = 0; k < peers.length; k++) {
        const i = (k + Math.max(0, round)) % peers.length;
        const { connect, first } = await (peers[i] as Peer).attach();
        if (round < 0) continue; // warm-up
        samples[i]?.connect.push(connect);
        samples[i]?.first.push(first);
      }
      if (round % 10 === 0) load.mark();
    }
    load.mark();
  } finally {
    await keeper.close();
    await launched.close();
    await bare.close();
  }
  const oursFirst = median(samples[0]?.first ?? []);
  const oursRounds = samples[0]?.first ?? [];
  /** The median over rounds of peer / ours within the round: slow drifts of the machine cancel out. */
  const perRound = (i: number) =>
    median((samples[i]?.first ?? []).map((x, r) => x / (oursRounds[r] as number)));
  const rows = peers.map((p, i) => {
    const s = samples[i] as { connect: number[]; first: number[] };
    return [
      p.name,
      s.first.length,
      fmtMs(median(s.connect)),
      fmtMs(median(s.first)),
      fmtMs(percentile(s.first, 95)),
      (median(s.first) / oursFirst).toFixed(2),
      perRound(i).toFixed(2),
    ];
  });
  const ratio = (i: number) =>
    `${(median(samples[i]?.first ?? []) / oursFirst).toFixed(2)}x (per round ${perRound(i).toFixed(2)}x)`;
  return {
    title: 'CDP attach: connect to first action (our endpoint vs direct CDP vs launchServer + connect)',
    description:
      'Each sample is a new Playwright client (playwright-core, in this process) that connects and runs `evaluate("1")` ' +
      'in a page, timed from the connect call to the answer, then closes (not timed). The four ways alternate round by ' +
      `round, rotating the order; 2 warm-up rounds, then ${ATTACH_N} rounds or as many as ${ATTACH_SECONDS} s allow ` +
      '(at least 10). Our endpoint and the direct row reach the same session page in the ' +
      "same browser (one session, started by a `createServer` in this process); the launchServer client cannot see another client's " +
      'pages, so its first action includes `newPage()` (one page is kept open there by another client). The bare Chromium ' +
      "is started from the command line (headless, browser-manager's switches, one page open) with nobody else attached; " +
      'besides its page it lists two `browser_ui` targets (the omnibox popup), and it lacks the switches Playwright launches with.',
    table: [
      [
        'client',
        'n',
        'connected, median ms',
        'first action done, median ms',
        'first action p95 ms',
        'median / ours',
        'per-round ratio, median',
      ],
      ...rows,
    ],
    notes: [
      `First action, peer / ours — the same browser directly: ${ratio(1)}; launchServer + connect: ${ratio(2)}; ` +
        `a bare Chromium's port: ${ratio(3)} (above 1: the peer is slower).`,
      `${load}.`,
    ],
  };
}

// ---- 2. evaluate round trip ------------------------------------------------------------------------

/** Wall time and this process's CPU time (user + system) of one call, ms. */
async function measured(fn: Timed): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

interface Sides {
  a: { wall: number[]; cpu: number[] };
  b: { wall: number[]; cpu: number[] };
}

/**
 * Runs `a` and `b` as pairs, `warmup` untimed then `n` timed, each pair in the other order than the last
 * (a b, b a, a b...): the one that runs second does not always meet the garbage the first one left.
 * Stops early (after at least 30 pairs) when ROW_SECONDS have passed.
 */
async function alternateBothWays(n: number, a: Timed, b: Timed, warmup: number): Promise<Sides> {
  const out: Sides = { a: { wall: [], cpu: [] }, b: { wall: [], cpu: [] } };
  const deadline = performance.now() + ROW_SECONDS * 1000;
  const enough = Math.min(n, 30);
  for (let i = 0; i < warmup + n && (i < warmup + enough || performance.now() < deadline); i++) {
    const aFirst = i % 2 === 0;
    const first = await measured(aFirst ? a : b);
    const second = await measured(aFirst ? b : a);
    if (i < warmup) continue;
    for (const [side, m] of [
      [out.a, aFirst ? first : second],
      [out.b, aFirst ? second : first],
    ] as const) {
      side.wall.push(m.wall);
      side.cpu.push(m.cpu);
    }
  }
  return out;
}

const us = (ms: number) => (ms * 1000).toFixed(0);

interface Rtt {
  what: string;
  n: number;
  script: string;
}

/** 1 MB of random base64 in the page (as a screenshot or a DOM snapshot would be: not compressible by much). */
const BLOB_SCRIPT = `(() => {
  const bytes = new Uint8Array(786432);
  for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  window.__benchBlob = btoa(s);
  return window.__benchBlob.length;
})()`;

async function roundTripSection(server: RunningServer, pageUrl: string): Promise<BenchSection> {
  const load = new Load();
  const { browserWsUrl } = await server.manager.devtoolsTarget('bench');
  const proxied = await chromium.connectOverCDP(endpointOf(server, 'bench'), { headers: auth(server) });
  const direct = await chromium.connectOverCDP(browserWsUrl);
  const list: Rtt[] = [
    { what: '`evaluate("1")`', n: EVAL_N, script: '1' },
    {
      what: '`evaluate` returning 64 kB (random base64)',
      n: Math.ceil(EVAL_N / 5),
      script: 'window.__benchBlob.slice(0, 65536)',
    },
    {
      what: '`evaluate` returning 1 MB (random base64)',
      n: Math.ceil(EVAL_N / 50),
      script: 'window.__benchBlob',
    },
  ];
  const rows: (string | number)[][] = [];
  const added: { what: string; us: number; pct: number }[] = [];
  try {
    const viaProxy = pageAt(proxied, pageUrl);
    const viaDirect = pageAt(direct, pageUrl);
    await viaDirect.evaluate(BLOB_SCRIPT);
    load.mark();
    for (const r of list) {
      const { a, b } = await alternateBothWays(
        r.n,
        () => viaDirect.evaluate(r.script),
        () => viaProxy.evaluate(r.script),
        20,
      );
      load.mark();
      const [dm, pm] = [median(a.wall), median(b.wall)];
      const pct = ((pm - dm) / dm) * 100;
      // Alternated pairs: the median of each pair's difference, less swayed by a busy moment of the machine.
      const paired = median(b.wall.map((x, i) => x - (a.wall[i] as number)));
      added.push({ what: r.what, us: (pm - dm) * 1000, pct });
      const [dc, pc] = [median(a.cpu), median(b.cpu)];
      rows.push([
        r.what,
        a.wall.length,
        us(dm),
        us(percentile(a.wall, 95)),
        us(pm),
        us(percentile(b.wall, 95)),
        us(pm - dm),
        us(paired),
        `${pct.toFixed(1)} %`,
        us(dc),
        us(pc),
        us(pc - dc),
      ]);
    }
  } finally {
    await proxied.close();
    await direct.close();
  }
  const small = added[0] as { us: number; pct: number };
  return {
    title: 'CDP attach: page.evaluate round trip, our endpoint vs direct CDP on the same browser',
    description:
      'Two Playwright clients stay connected to the same session page of the same browser, one through our endpoint ' +
      "(`connectOverCDP(cdpUrl)`), one on the browser's own DevTools socket (`connectOverCDP(browserWsUrl)`, as " +
      '`manager.devtoolsTarget` gives it); their `page.evaluate` calls alternate in pairs, each pair in the other order than ' +
      `the last, after 20 warm-up pairs; each row stops after ${ROW_SECONDS} s (n: the pairs it got). ` +
      'Times in µs. "added, paired" is the median of each pair\'s difference. ' +
      'CPU: median user + system time of this Node process per call (the clients, Playwright, the server and its proxy all ' +
      'run in it; Chromium does not), which a busy machine sways far less than wall time. Target: under 5 % added.',
    table: [
      [
        'operation',
        'n',
        'direct median µs',
        'direct p95',
        'endpoint median µs',
        'endpoint p95',
        'added median µs',
        'added, paired µs',
        'added %',
        'Node CPU median µs/call, direct',
        'endpoint',
        'added',
      ],
      ...rows,
    ],
    notes: [
      `\`evaluate("1")\`: ${small.us.toFixed(0)} µs (${small.pct.toFixed(1)} %) added at the median — target (< 5 %) ` +
        `${small.pct < 5 ? 'met' : 'missed'}. Larger answers: ${added
          .slice(1)
          .map((x) => `${x.what.replace(/`/g, '').replace('evaluate returning ', '')} ${signedPct(x.pct)}`)
          .join(', ')}.`,
      "Playwright's WebSocket client offers permessage-deflate (level 3, messages over 10 kB) and Chromium's DevTools " +
        'socket accepts it, so on the direct path large answers are compressed by Chromium and inflated here; the ' +
        'endpoint offers no compression on either leg, so through it they travel as plain text (twice, over loopback).',
      `${load}.`,
    ],
  };
}

// ---- 3. memory -------------------------------------------------------------------------------------

/** Private (unshared) memory of a process, kB: Private_Clean + Private_Dirty of smaps_rollup. */
function privateKb(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    let kb = 0;
    for (const m of rollup.matchAll(/^Private_(?:Clean|Dirty):\s+(\d+)/gm)) kb += Number(m[1]);
    return kb;
  } catch {
    return 0;
  }
}

interface Sample {
  /** Summed PSS, MB. */
  pss: number;
  /** Summed private memory (USS), MB. */
  uss: number;
  processes: number;
  /** PSS MB by process kind. */
  byKind: Record<string, number>;
}

/** Memory of a server's browsers (their main processes and every descendant) in `table`. */
function browsersMemory(server: RunningServer, table: ReturnType<typeof procTable>): Sample {
  const out: Sample = { pss: 0, uss: 0, processes: 0, byKind: {} };
  const pids = server.manager.browserPids();
  for (const pid of pids) {
    const m = treeMemory(pid, true, table);
    out.pss += m.mb;
    out.processes += m.processes;
    for (const [k, v] of Object.entries(m.byKind)) out.byKind[k] = (out.byKind[k] ?? 0) + v;
  }
  for (const pid of treePids(pids, table)) out.uss += privateKb(pid) / 1024;
  return out;
}

/** `roots` and their descendants in `table`. */
function treePids(roots: number[], table: ReturnType<typeof procTable>): Set<number> {
  const out = new Set(roots.filter((pid) => table.has(pid)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of table)
      if (!out.has(pid) && out.has(p.ppid)) {
        out.add(pid);
        grew = true;
      }
  }
  return out;
}

/** MEMORY_ROUNDS samples of both servers, half a second apart; each round reads both from one /proc scan. */
async function sampleBoth(
  a: RunningServer,
  b: RunningServer,
  settleMs: number,
): Promise<[Sample[], Sample[]]> {
  const out: [Sample[], Sample[]] = [[], []];
  await sleep(settleMs); // after the last change
  for (let i = 0; i < MEMORY_ROUNDS; i++) {
    const table = procTable([...a.manager.browserPids(), ...b.manager.browserPids()]);
    out[0].push(browsersMemory(a, table));
    out[1].push(browsersMemory(b, table));
    await sleep(500);
  }
  return out;
}

const pssOf = (s: Sample[]) => median(s.map((x) => x.pss));
const ussOf = (s: Sample[]) => median(s.map((x) => x.uss));

async function memorySection(pageUrl: string): Promise<BenchSection> {
  const load = new Load();
  const homes: TempHome[] = [createTempHome('mb-cdp-bench-on-'), createTempHome('mb-cdp-bench-off-')];
  const opts = { port: 0, consoleLogLevel: false as const, saveIntervalMs: 0 };
  const on = await createServer({ ...opts, home: homes[0]?.dir as string });
  const off = await createServer({ ...opts, home: homes[1]?.dir as string, cdp: false });
  const levels = [1, SESSIONS];
  /** Per level and phase (idle, a client per session, after they left): the samples of each server. */
  const results: { off: Sample[]; on: Sample[] }[][] = [];
  let created = 0;
  try {
    load.mark();
    for (const n of levels) {
      for (; created < n; created++) {
        // The two servers grow side by side.
        await on.sessions.create({ name: `s${created}`, url: pageUrl });
        await off.sessions.create({ name: `s${created}`, url: pageUrl });
      }
      const phases: { off: Sample[]; on: Sample[] }[] = [];
      const sample = async (settleMs: number) => {
        const [offSamples, onSamples] = await sampleBoth(off, on, settleMs);
        phases.push({ off: offSamples, on: onSamples });
        load.mark();
      };
      await sample(2_000);
      const clients: Browser[] = [];
      for (let i = 0; i < n; i++) {
        const client = await chromium.connectOverCDP(endpointOf(on, `s${i}`), { headers: auth(on) });
        await firstPage(client).evaluate('1');
        clients.push(client);
      }
      await sample(1_000);
      for (const c of clients) await c.close();
      await sample(1_000);
      results.push(phases);
    }
  } finally {
    await on.close();
    await off.close();
    for (const h of homes) h?.remove();
  }
  const [low, high] = results as [{ off: Sample[]; on: Sample[] }[], { off: Sample[]; on: Sample[] }[]];
  const labels = [
    '`cdp: false` (no DevTools port), nobody attached',
    '`cdp: true`, nobody attached',
    '`cdp: true`, one Playwright `connectOverCDP` client per session',
    '`cdp: true`, after those clients left',
  ];
  /** Row 0 is `cdp: false` in the idle phase; row i > 0 is `cdp: true` in phase i - 1. */
  const samplesOf = (level: typeof low, row: number): Sample[] =>
    row === 0 ? (level[0]?.off ?? []) : (level[row - 1]?.on ?? []);
  /** The `cdp: false` samples taken in the same rounds as row `row`. */
  const offBeside = (level: typeof low, row: number): Sample[] => level[Math.max(0, row - 1)]?.off ?? [];
  const pssPer = (s: Sample[]) => pssOf(s) / SESSIONS;
  const ussPer = (s: Sample[]) => ussOf(s) / SESSIONS;
  const vsOff = (f: (s: Sample[]) => number, row: number) =>
    row === 0 ? '—' : signedPct((f(samplesOf(high, row)) / f(offBeside(high, row)) - 1) * 100);
  const rows = labels.map((label, i) => [
    label,
    pssOf(samplesOf(low, i)).toFixed(1),
    pssOf(samplesOf(high, i)).toFixed(1),
    median(samplesOf(high, i).map((x) => x.processes)),
    pssPer(samplesOf(high, i)).toFixed(1),
    vsOff(pssPer, i),
    ussPer(samplesOf(high, i)).toFixed(1),
    vsOff(ussPer, i),
    ((ussOf(samplesOf(high, i)) - ussOf(samplesOf(low, i))) / (SESSIONS - 1)).toFixed(1),
  ]);
  const idlePss = (pssPer(samplesOf(high, 1)) / pssPer(samplesOf(high, 0)) - 1) * 100;
  const idleUss = (ussPer(samplesOf(high, 1)) / ussPer(samplesOf(high, 0)) - 1) * 100;
  const idleUssSamples = samplesOf(high, 1).map((x) => x.uss);
  const spreadKb = ((Math.max(...idleUssSamples) - Math.min(...idleUssSamples)) / SESSIONS) * 1024;
  const attachedUss = (ussPer(samplesOf(high, 2)) - ussPer(samplesOf(high, 1))) * 1024;
  const offDrift = high.map((phase) => ussPer(phase.off).toFixed(1)).join(' / ');
  const kinds = (s: Sample[]) => {
    const mid = [...s].sort((x, y) => x.pss - y.pss)[Math.floor(s.length / 2)] as Sample;
    return Object.entries(mid.byKind)
      .sort((x, y) => y[1] - x[1])
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ');
  };
  return {
    title: 'CDP attach: browser memory per idle session, with and without the DevTools port',
    description:
      'Two servers in this process, one with `cdp: true` (Chromium launched with `--remote-debugging-port=0`), one with ' +
      `\`cdp: false\`, grow side by side to 1 and then ${SESSIONS} idle sessions on the same page. For each server's ` +
      'browser process tree: PSS (shared pages split among the processes sharing them — including other Chromiums on this ' +
      'shared machine, so it moves when they come and go) and USS (private pages only, /proc smaps_rollup ' +
      `Private_Clean + Private_Dirty); the median of ${MEMORY_ROUNDS} samples half a second apart, both servers read in ` +
      'each sample. With clients: one Playwright `connectOverCDP` client attached to each session through our ' +
      'endpoint (after its first `evaluate`). Each `cdp: true` row is compared with the `cdp: false` samples of the same ' +
      'rounds (the `cdp: false` row shows those of the idle rounds). ' +
      'Requirement: idle sessions within 10 % of `cdp: false`.',
    table: [
      [
        'server, clients',
        'PSS MB, 1 session',
        `PSS MB, ${SESSIONS} sessions`,
        `processes (${SESSIONS})`,
        `PSS MB per session (${SESSIONS})`,
        'vs `cdp: false`',
        `USS MB per session (${SESSIONS})`,
        'vs `cdp: false`',
        'USS MB per added session',
      ],
      ...rows,
    ],
    notes: [
      `Idle sessions with the DevTools port against \`cdp: false\`: ${signedPct(idlePss)} PSS, ${signedPct(idleUss)} USS ` +
        `per session — requirement (within 10 %) ${Math.abs(idlePss) <= 10 && Math.abs(idleUss) <= 10 ? 'met' : 'missed'}. ` +
        `With one client attached to each session, USS per session moved by ${signedKb(attachedUss)} against nobody ` +
        `attached; the idle samples alone spread over ${spreadKb.toFixed(0)} kB per session (max - min), and \`cdp: false\` ` +
        `read ${offDrift} MB USS per session in the three phases. The proxy's ` +
        "own share, in the server's Node process, is not counted here.",
      `PSS by process kind, MB at ${SESSIONS} sessions — \`cdp: false\`: ${kinds(samplesOf(high, 0))}; ` +
        `\`cdp: true\` idle: ${kinds(samplesOf(high, 1))}; with clients: ${kinds(samplesOf(high, 2))}.`,
      `${load}.`,
    ],
  };
}

// ---- the bench -------------------------------------------------------------------------------------

async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const out = await run();
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  console.error(
    `[cdp-attach] ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s (load ${load})`,
  );
  return out;
}

export default async function bench(): Promise<BenchSection[]> {
  const site = await startTestSite();
  const home = createTempHome('mb-cdp-bench-');
  const pageUrl = site.at('/form');
  try {
    const server = await createServer({ home: home.dir, port: 0, consoleLogLevel: false, saveIntervalMs: 0 });
    let attach: BenchSection;
    let rtt: BenchSection;
    try {
      const created = await server.sessions.create({ name: 'bench', url: pageUrl });
      if (!created.created) throw new Error('bench session not created');
      attach = await step('attach latency', () => attachSection(server, pageUrl));
      rtt = await step('evaluate round trip', () => roundTripSection(server, pageUrl));
    } finally {
      await server.close();
    }
    const memory = await step('memory', () => memorySection(pageUrl));
    return [attach, rtt, memory];
  } finally {
    await site.close();
    home.remove();
  }
}
