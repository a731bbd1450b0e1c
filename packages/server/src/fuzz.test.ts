// A seeded fuzzer over every route of the api-types table: random and boundary bodies, headers,
// paths, methods and encodings. No answer may be a 5xx, the server must keep answering, and
// rejected requests must not change the registry file. Reproduce a run with MB_FUZZ_SEED=<seed>
// (printed below); fuzz.slow.test.ts runs thousands of cases (MB_FUZZ_CASES).
import { describe, expect, it } from 'vitest';
import { runFuzz } from './test-fixtures/fuzz.js';
import { useFuzzTarget } from './test-fixtures/fuzz-target.js';

const seed = Number(process.env.MB_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const count = Number(process.env.MB_FUZZ_FAST_CASES ?? 500);
const target = useFuzzTarget();

describe('fuzzing every route', () => {
  it(`answers ${count} random requests without a 5xx (seed ${seed})`, { timeout: 240_000 }, async () => {
    console.log(`fuzz: MB_FUZZ_SEED=${seed} MB_FUZZ_FAST_CASES=${count}`);
    const report = await runFuzz({
      seed,
      count,
      ctx: target.ctx,
      registry: target.registry,
      log: (line) => console.log(line),
    });
    expect(report.failures, `seed ${seed}:\n${report.failures.join('\n')}`).toEqual([]);
    await target.expectStillServing();
  });
});
