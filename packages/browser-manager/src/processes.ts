import { readdirSync, readFileSync } from 'node:fs';
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

/** Main process ids of the browsers the manager `instanceId` launched (Linux; empty elsewhere). */
export function ownBrowserPids(instanceId: string): number[] {
  return listMarkedBrowsers()
    .filter((p) => p.instanceId === instanceId)
    .map((p) => p.pid);
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

/**
 * `VmRSS` and `RssAnon` of /proc/<pid>/status, bytes. (Proportional set size, from smaps_rollup, would
 * count shared pages fairly, but reading it walks each process's page tables: measured 2 to 30 ms per
 * Chromium process on a busy two-core machine, over a third of a second for ten sessions, against
 * well under a millisecond for status.)
 */
function memoryOf(pid: number): { rss: number; anonymous: number } | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // gone meanwhile
  }
  const kB = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kB('VmRSS'), anonymous: kB('RssAnon') };
}

/** Parent of every live process (zombies left out: they have exited and hold no memory). Linux /proc. */
function processParents(): Map<number, number> {
  const parents = new Map<number, number>();
  let dirs: string[];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return parents;
  }
  for (const dir of dirs) {
    try {
      const stat = readFileSync(`/proc/${dir}/stat`, 'utf8');
      // Fields after "(comm)": state, ppid, ...
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z') parents.set(Number(dir), Number(ppid));
    } catch {
      // gone meanwhile
    }
  }
  return parents;
}

/**
 * Size and memory of the process trees under `roots` (Linux: one pass over /proc/<pid>/stat for the
 * parent links, then /proc/<pid>/status of each process of the trees). Roots that are gone are left out.
 */
export function processTreeUsage(
  roots: readonly number[],
  parents: Map<number, number> = roots.length === 0 ? new Map() : processParents(),
): BrowserProcessUsage[] {
  const children = new Map<number, number[]>();
  for (const [pid, parent] of parents) children.set(parent, [...(children.get(parent) ?? []), pid]);
  const usage: BrowserProcessUsage[] = [];
  for (const root of roots) {
    const rootMemory = memoryOf(root);
    if (!rootMemory) continue;
    const tree: BrowserProcessUsage = {
      pid: root,
      processes: 1,
      rssBytes: rootMemory.rss,
      anonymousBytes: rootMemory.anonymous,
    };
    const below = [...(children.get(root) ?? [])];
    for (let pid = below.pop(); pid !== undefined; pid = below.pop()) {
      below.push(...(children.get(pid) ?? []));
      const memory = memoryOf(pid);
      if (!memory) continue;
      tree.processes++;
      tree.rssBytes += memory.rss;
      tree.anonymousBytes += memory.anonymous;
    }
    usage.push(tree);
  }
  return usage;
}

/**
 * {@link processTreeUsage} of the browsers that manager `instanceId` of this process launched, in one
 * pass over /proc: they are this process's children (Playwright spawns them) marked with the instance,
 * so only those children's command lines are read, not every process's as {@link listMarkedBrowsers} does.
 */
export function ownBrowserUsage(instanceId: string): BrowserProcessUsage[] {
  const parents = processParents();
  const roots = [...parents]
    .filter(([pid, parent]) => {
      if (parent !== process.pid) return false;
      try {
        return instanceOf(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')) === instanceId;
      } catch {
        return false;
      }
    })
    .map(([pid]) => pid);
  return processTreeUsage(roots, parents);
}
