import { readdirSync, readFileSync } from 'node:fs';

interface ProcEntry {
  ppid: number;
  /** Chromium's `--type=` switch (renderer, gpu-process, utility, zygote...), `browser` without one. */
  kind: string;
  /** PSS, kB (RSS where smaps_rollup is missing). */
  memKb: number;
  rssKb: number;
}

/**
 * Processes' parents and memory (Linux /proc): every process, or with `roots` only those and their
 * descendants (the memory files of the rest are not read, which keeps a sample short while a bench
 * runs beside it). PSS (proportional set size, smaps_rollup): shared pages are split among the processes
 * sharing them, so a sum over Chromium's many processes is not inflated the way a sum of RSS is.
 */
export function procTable(roots?: number[]): Map<number, ProcEntry> {
  const parents = new Map<number, number>();
  for (const dir of readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const stat = readFileSync(`/proc/${dir}/stat`, 'utf8');
      parents.set(Number(dir), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const wanted = roots ? withDescendants(roots, parents) : new Set(parents.keys());
  const table = new Map<number, ProcEntry>();
  for (const pid of wanted) {
    try {
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      let pss: RegExpExecArray | null = null;
      try {
        pss = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      } catch {}
      const rssKb = rss ? Number(rss[1]) : 0;
      const kind = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      table.set(pid, { ppid: parents.get(pid) ?? 0, kind, rssKb, memKb: pss ? Number(pss[1]) : rssKb });
    } catch {}
  }
  return table;
}

function withDescendants(roots: number[], parents: Map<number, number>): Set<number> {
  const out = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents)
      if (!out.has(pid) && out.has(ppid)) {
        out.add(pid);
        grew = true;
      }
  }
  return out;
}

export interface TreeMemory {
  mb: number;
  processes: number;
  /** MB by process kind (see ProcEntry.kind). */
  byKind: Record<string, number>;
}

/** Summed PSS of the processes under `root` (root itself only with `self`), MB, and how many there are. */
export function treeMemory(root: number, self = false, table = procTable([root])): TreeMemory {
  const out: TreeMemory = { mb: 0, processes: 0, byKind: {} };
  const add = (p: ProcEntry) => {
    out.mb += p.memKb / 1024;
    out.processes++;
    out.byKind[p.kind] = (out.byKind[p.kind] ?? 0) + p.memKb / 1024;
  };
  const own = table.get(root);
  if (self && own) add(own);
  const stack = [root];
  while (stack.length > 0) {
    const parent = stack.pop() as number;
    for (const [pid, p] of table)
      if (p.ppid === parent) {
        add(p);
        stack.push(pid);
      }
  }
  return out;
}

/** PSS of the processes under `root`, MB (see {@link treeMemory}). */
export function treePssMb(root: number, self = false): number {
  return treeMemory(root, self).mb;
}

/** RSS of one process, MB (0 when it is gone). */
export function processRssMb(pid: number, table = procTable([pid])): number {
  return (table.get(pid)?.rssKb ?? 0) / 1024;
}
