import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { isAlive } from '@marketbridge/api-types/home';
import { instanceOf, ownerOf } from './owner-marker.js';

export interface MarkedProcess {
  pid: number;
  ownerPid: number;
  instanceId: string | undefined;
}

function parentOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

export { isAlive };

/** Browser main processes launched by any MarketBridge owner (Linux: read from /proc). */
export function listMarkedBrowsers(): MarkedProcess[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const found: (MarkedProcess & { parentPid: number | undefined })[] = [];
  for (const dir of pids) {
    let cmdline: string[];
    try {
      cmdline = readFileSync(`/proc/${dir}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    // Only the browser's main process; its renderers and helpers exit with it.
    if (cmdline.some((a) => a.startsWith('--type='))) continue;
    const ownerPid = ownerOf(cmdline);
    if (ownerPid !== undefined) {
      found.push({ pid: Number(dir), ownerPid, instanceId: instanceOf(cmdline), parentPid: parentOf(dir) });
    }
  }
  // A child the browser has forked but not yet exec'd still shows the browser's command line.
  const mains = new Set(found.map((p) => p.pid));
  return found
    .filter((p) => p.parentPid === undefined || !mains.has(p.parentPid))
    .map(({ parentPid: _, ...p }) => p);
}

/** Kills the process group (Playwright starts browsers detached, as group leaders), then the process. */
export function killTree(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Kills browsers whose owning process is dead. Returns the pids reaped. */
export function reapOrphanedBrowsers(): number[] {
  const orphans = listMarkedBrowsers().filter((p) => !isAlive(p.ownerPid));
  for (const p of orphans) killTree(p.pid);
  return orphans.map((p) => p.pid);
}

/** The OS processes of one browser: its main process and everything below it (renderers, GPU, utilities). */
export interface BrowserProcessUsage {
  /** The browser's main process. */
  pid: number;
  /** Processes in its tree, the main one included. */
  processes: number;
  /** Resident memory summed over the tree (`VmRSS`): shared libraries count once per process, so it overstates. */
  rssBytes: number;
  /**
   * Resident anonymous memory summed over the tree (`RssAnon`: heaps, JavaScript, caches — not files
   * mapped from disk): close to what the browser costs, and what grows when its pages leak.
   */
  anonymousBytes: number;
}

/** A /proc file's text, or undefined when its process is gone (or /proc is not there). */
async function readProc(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * `VmRSS` and `RssAnon` of /proc/<pid>/status, bytes. (Proportional set size, from smaps_rollup, would
 * count shared pages fairly, but reading it walks each process's page tables: measured 2 to 30 ms per
 * Chromium process on a busy two-core machine, over a third of a second for ten sessions, against
 * well under a millisecond for status.)
 */
async function memoryOf(pid: number): Promise<{ rss: number; anonymous: number } | undefined> {
  const status = await readProc(`/proc/${pid}/status`);
  if (status === undefined) return undefined;
  const kB = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kB('VmRSS'), anonymous: kB('RssAnon') };
}

/** Parent of every live process (zombies left out: they have exited and hold no memory). Linux /proc. */
async function processParents(): Promise<Map<number, number>> {
  const parents = new Map<number, number>();
  let dirs: string[];
  try {
    dirs = (await readdir('/proc')).filter((d) => /^\d+$/.test(d));
  } catch {
    return parents;
  }
  const stats = await Promise.all(dirs.map((dir) => readProc(`/proc/${dir}/stat`)));
  dirs.forEach((dir, i) => {
    const stat = stats[i];
    if (stat === undefined) return; // gone meanwhile
    // Fields after "(comm)": state, ppid, ...
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state !== 'Z') parents.set(Number(dir), Number(ppid));
  });
  return parents;
}

/**
 * Size and memory of the process trees under `roots` (Linux: /proc/<pid>/stat of every process for the
 * parent links, then /proc/<pid>/status of each process of the trees). Roots that are gone are left
 * out. Asynchronous, so a walk of a busy machine's /proc never holds up the event loop.
 */
export async function processTreeUsage(
  roots: readonly number[],
  known?: Map<number, number>,
): Promise<BrowserProcessUsage[]> {
  if (roots.length === 0) return [];
  const parents = known ?? (await processParents());
  const children = new Map<number, number[]>();
  for (const [pid, parent] of parents) children.set(parent, [...(children.get(parent) ?? []), pid]);
  const usage = await Promise.all(
    roots.map(async (root): Promise<BrowserProcessUsage | undefined> => {
      const tree = [root];
      for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] as number) ?? []));
      const [rootMemory, ...rest] = await Promise.all(tree.map(memoryOf));
      if (!rootMemory) return undefined;
      const alive = rest.filter((m) => m !== undefined);
      return {
        pid: root,
        processes: 1 + alive.length,
        rssBytes: alive.reduce((sum, m) => sum + m.rss, rootMemory.rss),
        anonymousBytes: alive.reduce((sum, m) => sum + m.anonymous, rootMemory.anonymous),
      };
    }),
  );
  return usage.filter((u) => u !== undefined);
}

/**
 * {@link processTreeUsage} of the browsers that manager `instanceId` of this process launched, in one
 * pass over /proc: they are this process's children (Playwright spawns them) marked with the instance,
 * so only those children's command lines are read, not every process's as {@link listMarkedBrowsers} does.
 */
export async function ownBrowserUsage(instanceId: string): Promise<BrowserProcessUsage[]> {
  const parents = await processParents();
  const children = [...parents].filter(([, parent]) => parent === process.pid).map(([pid]) => pid);
  const cmdlines = await Promise.all(children.map((pid) => readProc(`/proc/${pid}/cmdline`)));
  const roots = children.filter((_, i) => instanceOf(cmdlines[i]?.split('\0') ?? []) === instanceId);
  return processTreeUsage(roots, parents);
}
