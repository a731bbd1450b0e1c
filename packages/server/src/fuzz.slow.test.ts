// The long fuzz: MB_FUZZ_CASES cases (default 5000) one at a time with the registry check, then the
// same number from another seed 8 at a time (answers only: no 5xx, no hang). Seeds are printed;
// MB_FUZZ_SEED=<seed> replays a run.
import { startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FuzzContext, runFuzz } from './test-fixtures/fuzz.js';
import { startServer, type TestServer } from './test-fixtures/server.js';

const seed = Number(process.env.MB_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const count = Number(process.env.MB_FUZZ_CASES ?? 5000);

let t: TestServer;
let site: TestSite;
let ctx: FuzzContext;

beforeAll(async () => {
  site = await startTestSite();
  t = await startServer({
    bodyLimit: '64kb',
    maxSessions: 4,
    operationTimeoutMs: 1500,
    backgroundIntervalMs: 600_000,
  });
  const res = await t.api<{ id: string }>('POST', '/sessions', { name: 'victim', url: site.at('/form') });
  expect(res.status).toBe(201);
  ctx = {
    host: new URL(t.url).host,
    token: t.token,
    victimId: res.body.id,
    victimName: 'victim',
    pageUrl: site.at('/form'),
  };
});

afterAll(async () => {
  await t?.close();
  await site?.close();
  t?.home.remove();
});

const registry = async () => {
  await t.server.flush();
  return t.registryText();
};

describe('fuzzing every route, long', () => {
  it(`${count} cases in sequence, registry checked (seed ${seed})`, { timeout: 900_000 }, async () => {
    console.log(`fuzz: MB_FUZZ_SEED=${seed} MB_FUZZ_CASES=${count}`);
    const report = await runFuzz({ seed, count, ctx, registry, log: (l) => console.log(l) });
    expect(report.failures, `seed ${seed}:\n${report.failures.join('\n')}`).toEqual([]);
  });

  it(`${count} cases 8 at a time (seed ${seed + 1})`, { timeout: 900_000 }, async () => {
    const report = await runFuzz({
      seed: seed + 1,
      count,
      ctx,
      registry,
      concurrency: 8,
      log: (l) => console.log(l),
    });
    expect(report.failures, `seed ${seed + 1}:\n${report.failures.join('\n')}`).toEqual([]);
    expect((await t.api('GET', '/health')).status).toBe(200);
    const alive = await t.api<{ result: number }>('POST', '/sessions/victim/execute', { script: '6 * 7' });
    expect(alive.body.result).toBe(42);
  });
});
