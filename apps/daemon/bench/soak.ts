// `pnpm soak`: two real servers side by side, one recycling its sessions' contexts on a schedule and one
// not, each with sessions working continuously against the demo MarketBridge; server and browser memory
// sampled over time and written into BENCHMARKS.md. Minutes by default, hours with --hours.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startDemoMarketBridge } from '@marketbridge/controller/testing';
import { BENCHMARKS_FILE, machineDescription, withBlock } from '../../../bench/benchmarks-file.js';
import { SoakArm } from './soak-arm.js';
import { soakSection } from './soak-report.js';

const HELP = `pnpm soak [--minutes 10 | --hours N] [--sessions 3] [--recycle-minutes M] [--sample-seconds S] [--no-write]

  --minutes          length of the run (default 10)
  --hours            length of the run in hours (overrides --minutes)
  --sessions         sessions per server (default 3)
  --recycle-minutes  context age at which the recycling server replaces it (default: a fifth of the run,
                     at least 1, at most 30)
  --sample-seconds   memory sampling period (default 15, or 60 for runs over 30 minutes)
  --no-write         print the results without writing BENCHMARKS.md
Needs \`pnpm build\` first.`;

function usageError(message: string): never {
  console.error(`soak: ${message}\n\n${HELP}`);
  process.exit(2);
}

const FLAGS = {
  minutes: { type: 'string' },
  hours: { type: 'string' },
  sessions: { type: 'string', default: '3' },
  'recycle-minutes': { type: 'string' },
  'sample-seconds': { type: 'string' },
  'no-write': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

function parseFlags() {
  try {
    return parseArgs({ options: FLAGS }).values;
  } catch (error) {
    return usageError((error as Error).message.split('\n')[0] ?? String(error));
  }
}

const values = parseFlags();
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) usageError(`--${name} must be a positive number, got "${raw}"`);
  return n;
}

const minutes = values.hours
  ? positive('hours', values.hours, 1) * 60
  : positive('minutes', values.minutes, 10);
const sessions = Math.round(positive('sessions', values.sessions, 3));
const recycleMinutes = positive(
  'recycle-minutes',
  values['recycle-minutes'],
  Math.min(30, Math.max(1, minutes / 5)),
);
const sampleSeconds = positive('sample-seconds', values['sample-seconds'], minutes > 30 ? 60 : 15);

const demo = await startDemoMarketBridge();
const arms = [
  new SoakArm({ label: 'no recycling', sessions, marketbridgeUrl: demo.url, serveArgs: [] }),
  new SoakArm({
    label: `recycled every ${recycleMinutes} min`,
    sessions,
    marketbridgeUrl: demo.url,
    serveArgs: ['--recycle-after-minutes', String(recycleMinutes)],
  }),
];
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  console.log('\nsoak: stopping early (Ctrl-C); the results so far will be reported');
});

console.log(`soak: ${minutes} min, ${sessions} sessions per server, sampling every ${sampleSeconds} s`);
const started = performance.now();
try {
  await Promise.all(arms.map((arm) => arm.start()));
  const elapsed = () => (performance.now() - started) / 1000;
  while (!interrupted) {
    const at = Math.round(elapsed());
    const line = arms.map((arm) => {
      const s = arm.sample(at);
      return `${arm.options.label}: server ${s.serverRssMb.toFixed(0)} MB, browsers ${s.browsersPssMb.toFixed(0)} MB (${s.browserProcesses} processes), ${s.operations} ops, ${arm.totals.failed} failed`;
    });
    console.log(
      `[${String(Math.floor(at / 60)).padStart(3)}:${String(at % 60).padStart(2, '0')}] ${line.join(' | ')}`,
    );
    if (at >= minutes * 60) break;
    const next = Math.min(sampleSeconds, minutes * 60 - at);
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, next) * 1000));
  }
} finally {
  await Promise.all(arms.map((arm) => arm.stop()));
  await demo.close();
}

const command = values.hours ? `pnpm soak --hours ${values.hours}` : `pnpm soak --minutes ${minutes}`;
const section = soakSection(
  arms.map((arm) => ({ totals: arm.totals, samples: arm.samples })),
  `${sessions} sessions per server for ${minutes} minutes on ${machineDescription()}, written ${new Date().toISOString()}. ` +
    'Each session, in a loop: open the demo MarketBridge, wait until connected, subscribe to three symbols, read ' +
    'their quotes ten times (0.3 s apart), and every fifth round take a screenshot. Server: RSS of the ' +
    '`mb-browser serve` process. Browsers: PSS summed over its browser processes.',
  command,
);
console.log(`\n${section}`);
if (!values['no-write']) {
  writeFileSync(BENCHMARKS_FILE, withBlock(readFileSync(BENCHMARKS_FILE, 'utf8'), 'soak', section));
  console.log('\nsoak: wrote the Soak section of BENCHMARKS.md');
}
