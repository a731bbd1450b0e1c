// The flags of `pnpm soak`: parsed and checked here, before anything starts, so a bad one costs nothing.
import { parseArgs } from 'node:util';

export const HELP = `pnpm soak [--minutes 10 | --hours N] [--sessions 3] [--recycle-minutes M] [--sample-seconds S] [--no-write]

  --minutes          length of the run (default 10)
  --hours            length of the run in hours (overrides --minutes)
  --sessions         sessions per server (default 3)
  --recycle-minutes  context age at which the recycling server replaces it (default: a fifth of the run,
                     at least 1, at most 30)
  --sample-seconds   memory sampling period (default 15, or 60 for runs over 30 minutes)
  --no-write         print the results without writing BENCHMARKS.md
Needs \`pnpm build\` first.`;

export interface SoakFlags {
  minutes: number;
  /** As given, for the command line quoted in the report. */
  hours: string | undefined;
  sessions: number;
  recycleMinutes: number;
  sampleSeconds: number;
  write: boolean;
}

export type ParsedSoakFlags = { help: true } | { flags: SoakFlags } | { error: string };

const FLAGS = {
  minutes: { type: 'string' },
  hours: { type: 'string' },
  sessions: { type: 'string', default: '3' },
  'recycle-minutes': { type: 'string' },
  'sample-seconds': { type: 'string' },
  'no-write': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

class UsageError extends Error {}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${name} must be a positive number, got "${raw}"`);
  return n;
}

export function parseSoakFlags(args: string[]): ParsedSoakFlags {
  try {
    let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof FLAGS }>>['values'];
    try {
      values = parseArgs({ args, options: FLAGS }).values;
    } catch (error) {
      throw new UsageError((error as Error).message.split('\n')[0] ?? String(error));
    }
    if (values.help) return { help: true };
    const minutes = values.hours
      ? positive('hours', values.hours, 1) * 60
      : positive('minutes', values.minutes, 10);
    return {
      flags: {
        minutes,
        hours: values.hours,
        sessions: Math.round(positive('sessions', values.sessions, 3)),
        recycleMinutes: positive(
          'recycle-minutes',
          values['recycle-minutes'],
          Math.min(30, Math.max(1, minutes / 5)),
        ),
        sampleSeconds: positive('sample-seconds', values['sample-seconds'], minutes > 30 ? 60 : 15),
        write: !values['no-write'],
      },
    };
  } catch (error) {
    if (error instanceof UsageError) return { error: error.message };
    throw error;
  }
}
