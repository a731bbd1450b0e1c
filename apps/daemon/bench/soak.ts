// `pnpm soak`: two real servers side by side, one recycling its sessions' contexts on a schedule and one
// not, each with sessions working continuously against the demo MarketBridge; server and browser memory
// sampled over time and written into BENCHMARKS.md. Minutes by default, hours with --hours.
import { readFileSync, writeFileSync } from 'node:fs';
import { startDemoMarketBridge } from '@marketbridge/controller/testing';
import { BENCHMARKS_FILE, machineDescription, withBlock } from '../../../bench/benchmarks-file.js';
import { SoakArm } from './soak-arm.js';
import { HELP, parseSoakFlags } from './soak-flags.js';
import { soakSection } from './soak-report.js';

const parsed = parseSoakFlags(process.argv.slice(2));
if ('help' in parsed) {
  console.log(HELP);
  process.exit(0);
}
if ('error' in parsed) {
  console.error(`soak: ${parsed.error}\n\n${HELP}`);
  process.exit(2);
}
const { minutes, sessions, recycleMinutes, sampleSeconds } = parsed.flags;

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

const { hours } = parsed.flags;
const command = hours ? `pnpm soak --hours ${hours}` : `pnpm soak --minutes ${minutes}`;
const section = soakSection(
  arms.map((arm) => ({ totals: arm.totals, samples: arm.samples })),
  `${sessions} sessions per server for ${minutes} minutes on ${machineDescription()}, written ${new Date().toISOString()}. ` +
    'Each session, in a loop: open the demo MarketBridge, wait until connected, subscribe to three symbols, read ' +
    'their quotes ten times (0.3 s apart), and every fifth round take a screenshot. Server: RSS of the ' +
    '`mb-browser serve` process. Browsers: PSS summed over its browser processes.',
  command,
);
console.log(`\n${section}`);
if (parsed.flags.write) {
  writeFileSync(BENCHMARKS_FILE, withBlock(readFileSync(BENCHMARKS_FILE, 'utf8'), 'soak', section));
  console.log('\nsoak: wrote the Soak section of BENCHMARKS.md');
}
