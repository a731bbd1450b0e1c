import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import {
  ConsoleResponseSchema,
  ErrorBodySchema,
  ExecuteResponseSchema,
  InteractResponseSchema,
  NavigateResponseSchema,
  WaitResponseSchema,
} from '@marketbridge/api-types';
import { eventually, startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './test-fixtures/server.js';

let t: TestServer;
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
  t = await startServer();
  expect((await t.api('POST', '/sessions', { name: 'act', url: site.at('/form') })).status).toBe(201);
});

afterAll(async () => {
  await t?.close();
  await site?.close();
  t?.home.remove();
});

const op = (action: string, body: unknown) => t.api('POST', `/sessions/act/${action}`, body);

async function execute(script: string, args?: unknown[]): Promise<unknown> {
  const res = await op('execute', { script, ...(args ? { args } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return ExecuteResponseSchema.parse(res.body).result;
}

function errorCode(body: unknown): string {
  return ErrorBodySchema.parse(body).error.code;
}

describe('navigate', () => {
  it('answers url, title and status', async () => {
    const res = await op('navigate', { url: site.at('/'), waitUntil: 'domcontentloaded' });
    expect(res.status).toBe(200);
    expect(NavigateResponseSchema.parse(res.body)).toEqual({ url: site.at('/'), title: 'Home', status: 200 });
    const missing = NavigateResponseSchema.parse((await op('navigate', { url: site.at('/nowhere') })).body);
    expect(missing.status).toBe(404);
  });

  it('reports an unreachable site as navigation_failed (502)', async () => {
    const res = await op('navigate', { url: 'http://127.0.0.1:9/', timeoutMs: 5_000 });
    expect(res.status).toBe(502);
    expect(errorCode(res.body)).toBe('navigation_failed');
  });
});

describe('execute', () => {
  beforeEach(async () => {
    await op('navigate', { url: site.at('/form') });
  });

  it('runs an expression', async () => {
    expect(await execute('document.title')).toBe('Form');
  });

  it('runs a function body with return and args', async () => {
    expect(await execute('const [a, b] = args; return { sum: a + b, items: [a, b] };', [2, 40])).toEqual({
      sum: 42,
      items: [2, 40],
    });
  });

  it('awaits promises', async () => {
    expect(await execute('new Promise((resolve) => setTimeout(() => resolve("later"), 50))')).toBe('later');
  });

  it('refuses a non-serialisable result with 422 script_error', async () => {
    for (const script of ['document.body', 'window', '() => () => 1', '10n']) {
      const res = await op('execute', { script });
      expect(res.status, script).toBe(422);
      expect(errorCode(res.body)).toBe('script_error');
    }
  });

  it('reports a thrown error as 422 script_error with its message, and a runaway script as a timeout', async () => {
    const thrown = await op('execute', { script: 'throw new Error("kaput")' });
    expect(thrown.status).toBe(422);
    expect(ErrorBodySchema.parse(thrown.body).error.message).toContain('kaput');
    const stuck = await op('execute', { script: 'while (true) {}', timeoutMs: 500 });
    expect(stuck.status).toBe(408);
    expect(errorCode(stuck.body)).toBe('timeout');
    expect(await execute('1 + 1')).toBe(2);
  });
});

describe('interact', () => {
  it('fills, selects, checks and clicks', async () => {
    await op('navigate', { url: site.at('/form') });
    const steps = [
      { action: 'fill', selector: '#name', value: 'Ada' },
      { action: 'select', selector: '#color', value: 'blue' },
      { action: 'check', selector: '#agree' },
      { action: 'click', selector: '#go' },
    ];
    for (const step of steps) {
      const res = await op('interact', step);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(InteractResponseSchema.parse(res.body)).toEqual({ ok: true, action: step.action });
    }
    expect(await execute('document.getElementById("out").textContent')).toBe('clicked:Ada:blue:true');
    await op('interact', { action: 'press', selector: '#keys', value: 'Enter' });
    expect(await execute('document.getElementById("out").textContent')).toBe('key:Enter');
  });

  it('reports a missing element as a timeout within the request timeoutMs', async () => {
    const res = await op('interact', { action: 'click', selector: '#nope', timeoutMs: 300 });
    expect(res.status).toBe(408);
    expect(errorCode(res.body)).toBe('timeout');
  });
});

describe('wait', () => {
  beforeEach(async () => {
    await op('navigate', { url: site.at('/form') });
  });

  const wait = async (body: Record<string, unknown>) => {
    const res = await op('wait', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return WaitResponseSchema.parse(res.body);
  };

  it('waits for a selector and for text', async () => {
    await op('interact', { action: 'click', selector: '#later' });
    await wait({ for: 'selector', selector: '#late', state: 'visible' });
    await op('navigate', { url: site.at('/form') });
    await op('interact', { action: 'click', selector: '#later' });
    await wait({ for: 'text', text: 'Arrived late' });
  });

  it('waits for a URL, a function, a load state and a fixed time', async () => {
    await wait({ for: 'url', url: '**/form' });
    await wait({ for: 'function', expression: 'document.readyState === "complete"' });
    await wait({ for: 'load', state: 'domcontentloaded' });
    const fixed = await wait({ for: 'timeout', ms: 150 });
    expect(fixed.elapsedMs).toBeGreaterThanOrEqual(140);
  });

  it('answers 408 timeout when the condition never holds', async () => {
    const res = await op('wait', { for: 'selector', selector: '#never', timeoutMs: 300 });
    expect(res.status).toBe(408);
    expect(errorCode(res.body)).toBe('timeout');
  });
});

describe('screenshot', () => {
  it('answers PNG bytes', async () => {
    const res = await op('screenshot', {});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect([...res.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(res.headers.get('x-screenshot-path')).toBeNull();
  });

  it('answers JPEG bytes for type jpeg, of one element', async () => {
    const res = await op('screenshot', { type: 'jpeg', quality: 50, selector: '#go' });
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('with save also stores it in the screenshots directory and names the file in X-Screenshot-Path', async () => {
    const res = await op('screenshot', { fullPage: true, save: true });
    const path = res.headers.get('x-screenshot-path');
    expect(path).toBeTruthy();
    expect(dirname(path!)).toBe(t.server.config.screenshotsDir);
    expect(basename(path!)).toMatch(/^act_\d{4}-\d\d-\d\dT[\d-]+Z\.png$/);
    expect(existsSync(path!)).toBe(true);
    expect(readFileSync(path!).equals(res.bytes)).toBe(true);
    expect(statSync(path!).mode & 0o777).toBe(0o600);
  });

  it('answers 408 timeout for a selector that is not there', async () => {
    const res = await op('screenshot', { selector: '#nope', timeoutMs: 300 });
    expect(res.status).toBe(408);
    expect(errorCode(res.body)).toBe('timeout');
  });
});

describe('console', () => {
  it('returns console messages and page errors, newest last, limited by ?limit', async () => {
    await op('navigate', { url: site.at('/console') });
    const entries = await eventually(async () => {
      const res = await t.api('GET', '/sessions/act/console');
      const { entries } = ConsoleResponseSchema.parse(res.body);
      return entries.some((e) => e.kind === 'pageerror') ? entries : undefined;
    }, 'the page error to be captured');
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'console', type: 'log', text: 'hello from the page' }),
        expect.objectContaining({ kind: 'console', type: 'warning', text: 'careful' }),
        expect.objectContaining({
          kind: 'pageerror',
          type: 'error',
          text: expect.stringContaining('boom in page'),
        }),
      ]),
    );
    const one = ConsoleResponseSchema.parse((await t.api('GET', '/sessions/act/console?limit=1')).body);
    expect(one.entries).toHaveLength(1);
    expect(one.entries[0]).toEqual(entries.at(-1));
  });
});
