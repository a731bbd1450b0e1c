// What an idle session costs in browser memory, and what Chromium settings give back: N idle sessions
// through a BrowserManager on a loopback test page, PSS summed over the browser's process tree, per
// session added between two levels, for each way of launching (the arms), the median of a few rounds.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSite } from '@marketbridge/test-helpers';
import { procTable, treeMemory } from '../../../bench/proc-memory.js';
import type { BenchSection } from '../../../bench/types.js';
import { median } from '../../../bench/types.js';
import { BrowserManager } from '../src/manager.js';
import type { BrowserManagerOptions } from '../src/types.js';

const [LOW, HIGH] = (process.env.MB_IDLE_LEVELS ?? '8,24').split(',').map(Number) as [number, number];
const ROUNDS = Number(process.env.MB_IDLE_ROUNDS ?? 3);
/** How long the sessions sit before a reading: the pages' own timers and V8's idle collection run. */
const SETTLE_MS = Number(process.env.MB_IDLE_SETTLE_MS ?? 10_000);

interface Arm {
  name: string;
  options: BrowserManagerOptions;
  /** Run on every session's page after the last reading, which is then taken again. */
  after?: (manager: BrowserManager, ids: string[]) => Promise<void>;
}

/** A garbage collection and a critical memory-pressure signal in each page's renderer, over CDP. */
async function purge(manager: BrowserManager, ids: string[]): Promise<void> {
  for (const id of ids)
    await manager.withPage(id, async (page) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
      await cdp.detach();
    });
}

const arms: Arm[] = [
  { name: "Playwright's Chromium arguments (`trimBrowserUi: false`)", options: { trimBrowserUi: false } },
  { name: 'omnibox popups off (`trimBrowserUi`, the default)', options: {} },
  {
    name: 'default + `--js-flags=--max-semi-space-size=1`',
    options: { launchArgs: ['--js-flags=--max-semi-space-size=1'] },
  },
  { name: 'default + `--js-flags=--max-lazy`', options: { launchArgs: ['--js-flags=--max-lazy'] } },
  {
    name: 'default + `--js-flags=--optimize-for-size`',
    options: { launchArgs: ['--js-flags=--optimize-for-size'] },
  },
  {
    name: 'default + spare renderer off',
    options: { launchArgs: ['--disable-features=SpareRendererForSitePerProcess'] },
  },
  { name: 'default, then GC + critical memory pressure on every page', options: {}, after: purge },
];

interface Reading {
  mb: number;
  processes: number;
  byKind: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function read(manager: BrowserManager): Reading {
  const pid = manager.browserPids()[0] as number;
  const m = treeMemory(pid, true, procTable([pid]));
  return { mb: m.mb, processes: m.processes, byKind: m.byKind };
}

interface RoundResult {
  low: Reading;
  high: Reading;
  /** The high level again after the arm's `after` step. */
  after?: Reading;
}

async function round(arm: Arm, url: string, home: string): Promise<RoundResult> {
  const manager = await BrowserManager.create({ home, saveIntervalMs: 0, ...arm.options });
  try {
    const ids: string[] = [];
    const grow = async (n: number) => {
      while (ids.length < n)
        ids.push((await manager.createSession({ name: `idle-${ids.length}`, url })).session.id);
      await sleep(SETTLE_MS);
    };
    await grow(LOW);
    const low = read(manager);
    await grow(HIGH);
    const high = read(manager);
    if (!arm.after) return { low, high };
    await arm.after(manager, ids);
    await sleep(SETTLE_MS);
    return { low, high, after: read(manager) };
  } finally {
    await manager.close({ timeoutMs: 30_000 });
  }
}

const perAdded = (r: RoundResult, high = r.high) => (high.mb - r.low.mb) / (HIGH - LOW);

export default async function bench(): Promise<BenchSection> {
  const home = mkdtempSync(join(tmpdir(), 'mb-bench-'));
  const site = await startTestSite();
  const results = arms.map(() => [] as RoundResult[]);
  const loadBefore = loadavg()[0] as number;
  try {
    // Arms rotated every round, so the machine's drift hits all alike.
    for (let r = 0; r < ROUNDS; r++)
      for (let j = 0; j < arms.length; j++) {
        const i = (r + j) % arms.length;
        results[i]?.push(await round(arms[i] as Arm, site.at('/form'), join(home, `${r}-${i}`)));
      }
  } finally {
    await site.close();
    rmSync(home, { recursive: true, force: true });
  }
  const loadAfter = loadavg()[0] as number;
  const fmt = (n: number) => n.toFixed(1);
  const rows: (string | number)[][] = [];
  const kinds = (rs: RoundResult[], high: (r: RoundResult) => Reading) => {
    const all = new Set(rs.flatMap((r) => Object.keys(high(r).byKind)));
    return [...all]
      .sort()
      .map((k) => {
        const v = median(rs.map((r) => ((high(r).byKind[k] ?? 0) - (r.low.byKind[k] ?? 0)) / (HIGH - LOW)));
        return `${k} ${fmt(v)}`;
      })
      .join(', ');
  };
  arms.forEach((arm, i) => {
    const rs = results[i] ?? [];
    const row = (name: string, high: (r: RoundResult) => Reading) => {
      const per = rs.map((r) => perAdded(r, high(r)));
      rows.push([
        name,
        rs.length,
        fmt(median(rs.map((r) => r.low.mb))),
        fmt(median(rs.map((r) => high(r).mb))),
        `**${fmt(median(per))}**`,
        `${fmt(Math.min(...per))}–${fmt(Math.max(...per))}`,
        fmt(median(rs.map((r) => (high(r).processes - r.low.processes) / (HIGH - LOW)))),
        kinds(rs, high),
      ]);
    };
    row(arm.name, (r) => r.high);
    if (arm.after) row(`… after it (${HIGH} sessions)`, (r) => r.after as Reading);
  });
  return {
    title: 'Idle memory per session: what a session costs, and what Chromium settings give back',
    description:
      `Sessions made through a BrowserManager (warm pool off) on a loopback test page (\`/form\`), ${LOW} then ${HIGH} of them, ` +
      `each level left idle ${SETTLE_MS / 1000} s before PSS is summed over the browser's process tree ` +
      '(/proc/<pid>/smaps_rollup: main process, zygotes, GPU, network, renderers). Per added session = ' +
      `(PSS at ${HIGH} − PSS at ${LOW}) / ${HIGH - LOW}, so what every browser has once (its main process, ` +
      `the GPU and network processes) is left out. Each arm launches its own Chromium; the arms are rotated every round; median of ${ROUNDS} rounds.`,
    table: [
      [
        'arm',
        'rounds',
        `PSS MB, ${LOW} sessions`,
        `PSS MB, ${HIGH} sessions`,
        'MB per added session (median)',
        'range',
        'processes per added session',
        'MB per added session by process kind',
      ],
      ...rows,
    ],
    notes: [
      `Goal (issue #18): ≤ 45 MB PSS per idle session. 1-min load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (2 cores, shared); PSS hardly depends on it.`,
      'MB_IDLE_LEVELS (8,24), MB_IDLE_ROUNDS (3) and MB_IDLE_SETTLE_MS (10000) change the run.',
    ],
  };
}
