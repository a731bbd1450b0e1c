import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live processes whose command line contains `needle` (Linux /proc). */
export function pidsWithArg(needle: string): number[] {
  const pids: number[] = [];
  for (const dir of readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const cmdline = readFileSync(`/proc/${dir}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${dir}/stat`, 'utf8');
      // Zombies (state Z) are dead, just not reaped by their parent yet.
      if (cmdline.includes(needle) && !/^\d+ \(.*\) Z/.test(stat)) pids.push(Number(dir));
    } catch {
      // process went away while we looked
    }
  }
  return pids;
}

/**
 * The least time `eventually` waits, whatever a test asks for: its budget only catches a state that
 * never comes, and a busy machine (another test suite beside this one, say) must not turn "slow" into
 * "failed". The caller's figure documents how long the wait normally takes.
 */
export const EVENTUALLY_FLOOR_MS = 60_000;

/** Polls `check` until it returns a truthy value, or throws with `what` after `timeoutMs` (at least EVENTUALLY_FLOOR_MS). */
export async function eventually<T>(
  check: () => T | Promise<T>,
  what: string,
  expectedMs = 15_000,
): Promise<Exclude<T, undefined | null | false>> {
  const timeoutMs = Math.max(expectedMs, EVENTUALLY_FLOOR_MS);
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as Exclude<T, undefined | null | false>;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
