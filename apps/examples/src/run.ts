// The examples runner: runs every example in order and prints a pass/fail table. Exit code 1 if any fail.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { examples } from './examples/index.js';

const filter = process.argv[2];
const selected = examples.filter((e) => !filter || e.name.includes(filter));
const home = process.env.MARKETBRIDGE_HOME ?? mkdtempSync(join(tmpdir(), 'mb-examples-'));
console.log(`examples: ${selected.length} to run; MARKETBRIDGE_HOME=${home}\n`);

const rows: { name: string; ok: boolean; seconds: string; result: string }[] = [];
for (const example of selected) {
  console.log(`▶ ${example.name} — ${example.description}`);
  const started = performance.now();
  try {
    const result = await example.run({ home, log: (m) => console.log(`    ${m}`) });
    rows.push({
      name: example.name,
      ok: true,
      seconds: ((performance.now() - started) / 1000).toFixed(1),
      result,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    rows.push({
      name: example.name,
      ok: false,
      seconds: ((performance.now() - started) / 1000).toFixed(1),
      result: message,
    });
  }
}

const width = Math.max(...rows.map((r) => r.name.length), 7);
console.log(`\n${'example'.padEnd(width)}  result  time   details`);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(width)}  ${r.ok ? 'PASS  ' : 'FAIL  '}  ${`${r.seconds}s`.padEnd(5)}  ${r.result}`,
  );
}
const failed = rows.filter((r) => !r.ok).length;
console.log(`\n${rows.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
