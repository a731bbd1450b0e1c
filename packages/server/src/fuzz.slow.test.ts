// The long fuzz: MB_FUZZ_CASES cases (default 5000) one at a time with the registry check, then the
// same number from another seed 8 at a time (answers only: no 5xx, no hang). Seeds are printed;
// MB_FUZZ_SEED=<seed> replays a run.
import { describe, expect, it } from 'vitest';
import { runFuzz } from './test-fixtures/fuzz.js';
import { useFuzzTarget } from './test-fixtures/fuzz-target.js';

const seed = Number(process.env.MB_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const count = Number(process.env.MB_FUZZ_CASES ?? 5000);
const target = useFuzzTarget();

describe('fuzzing every route, long', () => {
  it(`${count} cases in sequence, registry checked (seed ${seed})`, { timeout: 900_000 }, async () => {
    console.log(`fuzz: MB_FUZZ_SEED=${seed} MB_FUZZ_CASES=${count}`);
    const report = await runFuzz({
      seed,
      count,
      ctx: target.ctx,
      registry: target.registry,
      log: (l) => console.log(l),
    });
    expect(report.failures, `seed ${seed}:\n${report.failures.join('\n')}`).toEqual([]);
  });

  it(`${count} cases 8 at a time (seed ${seed + 1})`, { timeout: 900_000 }, async () => {
    const report = await runFuzz({
      seed: seed + 1,
      count,
      ctx: target.ctx,
      registry: target.registry,
      concurrency: 8,
      log: (l) => console.log(l),
    });
    expect(report.failures, `seed ${seed + 1}:\n${report.failures.join('\n')}`).toEqual([]);
    await target.expectStillServing();
  });
});
