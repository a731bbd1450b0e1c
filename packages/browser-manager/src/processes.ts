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
