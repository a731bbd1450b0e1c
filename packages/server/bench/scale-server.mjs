// Started by scale.bench.ts in a process of its own, as the server is deployed, so that its memory can be
// read apart from the load generator's. Argument: the server options as JSON. Prints { url, token }.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { createServer } from '@marketbridge/server';

const home = mkdtempSync(join(tmpdir(), 'mb-scale-'));
const server = await createServer({
  home,
  port: 0,
  consoleLogLevel: false,
  saveIntervalMs: 0,
  logLevel: 'warn',
  ...JSON.parse(process.argv[2] ?? '{}'),
});
process.stdout.write(`${JSON.stringify({ url: server.url, token: server.token ?? '' })}\n`);

// With stdin piped (cpu-per-op.ts): `start` begins a measured span, `stop` ends it and prints one JSON
// line: the process's CPU ms (all threads), the event loop's delay, and the state saves done meanwhile.
// MB_SCALE_PROFILE=<file.cpuprofile> also writes a CPU profile of the span.
if (process.env.MB_SCALE_PROBE === '1') {
  const profileFile = process.env.MB_SCALE_PROFILE;
  const inspector = profileFile ? new Session() : undefined;
  inspector?.connect();
  const post = (method) =>
    new Promise((resolve, reject) =>
      inspector?.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  if (inspector) await post('Profiler.enable');
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let cpu = process.cpuUsage();
  let saves = server.manager.saveStats();
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'start') {
      delay.reset();
      delay.enable();
      cpu = process.cpuUsage();
      saves = server.manager.saveStats();
      (inspector ? post('Profiler.start') : Promise.resolve()).then(() => process.stdout.write('{}\n'));
    } else if (line === 'stop') {
      delay.disable();
      const used = process.cpuUsage(cpu);
      const now = server.manager.saveStats();
      const ms = (ns) => Math.round(ns / 1e5) / 10;
      if (inspector && profileFile)
        post('Profiler.stop').then(({ profile }) => writeFileSync(profileFile, JSON.stringify(profile)));
      process.stdout.write(
        `${JSON.stringify({
          cpuMs: (used.user + used.system) / 1000,
          loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
          saves: { written: now.written - saves.written, unchanged: now.unchanged - saves.unchanged },
        })}\n`,
      );
    }
  });
}
const stop = async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
  process.exit(0);
};
// SIGINT too: a Ctrl-C of the bench reaches this process, and the browsers must not outlive it.
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
