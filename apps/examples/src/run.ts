// The examples runner: starts what it needs (daemon, MarketBridge) unless MB_BROWSER_URL /
// MARKETBRIDGE_URL point at running ones, runs every example in order, prints a pass/fail table, and
// stops what it started. Exit code 1 if any example fails.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserClient } from '@marketbridge/client';
import { prepareEnvironment } from './environment.js';
import { examples } from './examples/index.js';

const filter = process.argv[2];
const selected = examples.filter((e) => !filter || e.name.includes(filter));
const say = (m: string) => console.log(`examples: ${m}`);

const env = await prepareEnvironment(say);
const scratch = mkdtempSync(join(tmpdir(), 'mb-examples-out-'));
const client = new BrowserClient(env.serverUrl, { home: env.home });
say(`${selected.length} to run; files go to ${scratch}\n`);

const rows: { name: string; ok: boolean; seconds: string; result: string }[] = [];
try {
  for (const example of selected) {
    console.log(`▶ ${example.name} — ${example.description}`);
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
    try {
      const result = await example.run({
        client,
        serverUrl: env.serverUrl,
        home: env.home,
        scratch,
        marketbridgeUrl: env.marketbridgeUrl,
        log: (m) => console.log(`    ${m}`),
      });
      rows.push({ name: example.name, ok: true, seconds: seconds(), result });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.log(`    FAILED: ${message}`);
      rows.push({
        name: example.name,
        ok: false,
        seconds: seconds(),
        result: message.split('\n')[0] as string,
      });
    }
  }
} finally {
  await env.stop();
}

const width = Math.max(...rows.map((r) => r.name.length), 7);
console.log(`\n${'example'.padEnd(width)}  result  time    details`);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(width)}  ${r.ok ? 'PASS' : 'FAIL'}    ${`${r.seconds}s`.padEnd(6)}  ${r.result}`,
  );
}
const failed = rows.filter((r) => !r.ok).length;
console.log(`\n${rows.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
