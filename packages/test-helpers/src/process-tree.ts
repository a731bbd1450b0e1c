import { readdirSync, readFileSync } from 'node:fs';

/** Live processes below `pid` whose command line (arguments joined by NUL) passes `match` (Linux /proc). */
export function descendantsOf(pid: number, match: (cmdline: string) => boolean = () => true): number[] {
  const parent = new Map<number, number>();
  for (const dir of readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const stat = readFileSync(`/proc/${dir}/stat`, 'utf8');
      // Fields after "(comm)": state, ppid, ...; a zombie (Z) is dead already.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z') parent.set(Number(dir), Number(ppid));
    } catch {
      // gone meanwhile
    }
  }
  const below = (p: number): boolean => {
    for (let at = parent.get(p); at !== undefined && at > 1; at = parent.get(at)) if (at === pid) return true;
    return false;
  };
  return [...parent.keys()].filter((p) => {
    try {
      return below(p) && match(readFileSync(`/proc/${p}/cmdline`, 'utf8'));
    } catch {
      return false;
    }
  });
}

/** Those of `pids` still running (a zombie has exited: only its parent has not collected it yet). */
export function stillRunning(pids: number[]): number[] {
  return pids.filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
    } catch {
      return false;
    }
  });
}
