import type { ArmSample, ArmTotals } from './soak-arm.js';

export interface ArmResult {
  totals: ArmTotals;
  samples: ArmSample[];
}

/** Least-squares slope of `value` over time, per hour; samples in the first `skipFraction` are warm-up. */
export function slopePerHour(
  samples: ArmSample[],
  value: (s: ArmSample) => number,
  skipFraction = 0.2,
): number {
  const last = samples.at(-1);
  if (!last) return Number.NaN;
  const kept = samples.filter((s) => s.atSeconds >= last.atSeconds * skipFraction);
  if (kept.length < 2) return Number.NaN;
  const xs = kept.map((s) => s.atSeconds / 3600);
  const ys = kept.map(value);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

function table(rows: (string | number)[][]): string {
  const line = (r: (string | number)[]) => `| ${r.join(' | ')} |`;
  const [head, ...body] = rows;
  return head ? [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n') : '';
}

const mb = (n: number) => n.toFixed(0);
const signed = (n: number) => (Number.isNaN(n) ? 'n/a' : `${n >= 0 ? '+' : ''}${n.toFixed(0)}`);

/** `m:ss`, or `h:mm` from an hour on. */
export function clock(seconds: number): string {
  const s = Math.round(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))}`;
  return `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

/** At most `rows` samples, evenly spread, always keeping the first and the last. */
function thin(samples: ArmSample[], rows: number): number[] {
  if (samples.length <= rows) return samples.map((_, i) => i);
  return Array.from({ length: rows }, (_, k) => Math.round((k * (samples.length - 1)) / (rows - 1)));
}

/** The Markdown section written into BENCHMARKS.md. */
export function soakSection(arms: ArmResult[], setup: string, command: string): string {
  const [a, b] = arms as [ArmResult, ArmResult];
  const curve = [
    [
      'elapsed',
      ...arms.flatMap((r) => [`${r.totals.label}: server RSS MB`, `${r.totals.label}: browsers PSS MB`]),
    ],
    ...thin(a.samples, 13).map((i) => [
      clock(a.samples[i]?.atSeconds ?? 0),
      ...arms.flatMap((r) => [mb(r.samples[i]?.serverRssMb ?? 0), mb(r.samples[i]?.browsersPssMb ?? 0)]),
    ]),
  ];
  const summary = [
    [
      'arm',
      'operations',
      'failed',
      'quote reads without a row',
      'recycles',
      'server RSS MB start → end (peak)',
      'browsers PSS MB start → end (peak)',
      'server MB/hour',
      'browsers MB/hour',
    ],
    ...arms.map(({ totals, samples }) => {
      const first = samples[0];
      const last = samples.at(-1);
      const peak = (f: (s: ArmSample) => number) => Math.max(...samples.map(f));
      return [
        totals.label,
        totals.operations,
        totals.failed,
        totals.quotesMissing,
        totals.recycled,
        `${mb(first?.serverRssMb ?? 0)} → ${mb(last?.serverRssMb ?? 0)} (${mb(peak((s) => s.serverRssMb))})`,
        `${mb(first?.browsersPssMb ?? 0)} → ${mb(last?.browsersPssMb ?? 0)} (${mb(peak((s) => s.browsersPssMb))})`,
        signed(slopePerHour(samples, (s) => s.serverRssMb)),
        signed(slopePerHour(samples, (s) => s.browsersPssMb)),
      ];
    }),
  ];
  const kinds = [
    ...new Set(arms.flatMap((r) => r.samples.flatMap((s) => Object.keys(s.browsersByKind)))),
  ].sort();
  const byKind = [
    ['browser process kind', ...arms.map((r) => `${r.totals.label}: PSS MB start → end (MB/hour)`)],
    ...kinds.map((kind) => [
      kind,
      ...arms.map(({ samples }) => {
        const of = (s: ArmSample | undefined) => s?.browsersByKind[kind] ?? 0;
        return `${mb(of(samples[0]))} → ${mb(of(samples.at(-1)))} (${signed(slopePerHour(samples, of))})`;
      }),
    ]),
  ];
  const errors = arms.flatMap((r) => r.totals.firstErrors.map((e) => `- ${r.totals.label}: ${e}`));
  return [
    '## Soak: memory over time, with and without context recycling',
    '',
    `${setup} Both arms run side by side in one run, so they share the machine's load. MB/hour is the least-squares slope over the samples after the first 20 % (warm-up).`,
    '',
    `Reproduce: \`${command}\` (\`pnpm soak --help\` for the flags). Source: \`apps/daemon/bench/soak.ts\`.`,
    '',
    table(summary),
    '',
    table(byKind),
    '',
    table(curve),
    ...(errors.length > 0 ? ['', 'First errors:', '', ...errors] : []),
    '',
    `Ratio of browser memory at the end, ${b.totals.label} / ${a.totals.label}: ${((b.samples.at(-1)?.browsersPssMb ?? 0) / (a.samples.at(-1)?.browsersPssMb || 1)).toFixed(2)}.`,
  ].join('\n');
}
