/** One section of BENCHMARKS.md, produced by a `packages/<pkg>/bench/*.bench.ts` module's default export. */
export interface BenchSection {
  title: string;
  /** What was measured and how, in a sentence or two. */
  description: string;
  /** Markdown table: first row is the header. */
  table: (string | number)[][];
  /** Free text under the table: targets met or missed, caveats. */
  notes?: string[];
}

export type BenchModule = { default: () => Promise<BenchSection | BenchSection[]> };

export function median(values: number[]): number {
  return percentile(values, 50);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function fmtMs(ms: number): string {
  return ms < 10 ? ms.toFixed(3) : ms.toFixed(1);
}

export type Timed = () => Promise<unknown>;

export async function timeIt(fn: Timed): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/**
 * Runs `a` and `b` alternately, `warmup` times untimed and then `n` times timed, so drift on a shared
 * machine hits both alike. Returns each side's samples in ms.
 */
export async function alternate(
  n: number,
  a: Timed,
  b: Timed,
  warmup = 5,
): Promise<{ a: number[]; b: number[] }> {
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  for (let i = 0; i < n; i++) {
    out.a.push(await timeIt(a));
    out.b.push(await timeIt(b));
  }
  return out;
}
