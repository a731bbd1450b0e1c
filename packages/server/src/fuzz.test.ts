// A seeded fuzzer over every route of the api-types table: random and boundary bodies, headers,
// paths, methods and encodings. No answer may be a 5xx, the server must keep answering, and
// rejected requests must not change the registry file. Reproduce a run with MB_FUZZ_SEED=<seed>
// (printed below); fuzz.slow.test.ts runs thousands of cases (MB_FUZZ_CASES).
import { startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFuzz } from './test-fixtures/fuzz.js';
import { startServer, type TestServer } from './test-fixtures/server.js';

const seed = Number(process.env.MB_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const count = Number(process.env.MB_FUZZ_FAST_CASES ?? 500);

let t: TestServer;
let site: TestSite;
let victimId: string;

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
  victimId = res.body.id;
});

afterAll(async () => {
  await t?.close();
  await site?.close();
  t?.home.remove();
});

describe('fuzzing every route', () => {
  it(`answers ${count} random requests without a 5xx (seed ${seed})`, { timeout: 240_000 }, async () => {
    console.log(`fuzz: MB_FUZZ_SEED=${seed} MB_FUZZ_FAST_CASES=${count}`);
    const report = await runFuzz({
      seed,
      count,
      ctx: {
        host: new URL(t.url).host,
        token: t.token,
        victimId,
        victimName: 'victim',
        pageUrl: site.at('/form'),
      },
      registry: async () => {
        await t.server.flush();
        return t.registryText();
      },
      log: (line) => console.log(line),
    });
    expect(report.failures, `seed ${seed}:\n${report.failures.join('\n')}`).toEqual([]);
    const health = await t.api<{ status: string }>('GET', '/health');
    expect(health.status).toBe(200);
    const alive = await t.api<{ result: number }>('POST', '/sessions/victim/execute', { script: '6 * 7' });
    expect(alive.body.result).toBe(42);
  });
});
