// GET /metrics over real HTTP, sessions in a real Chromium: prom-client's exposition read by a strict
// Prometheus text parser (test-fixtures/prometheus-text.ts); counters and gauges move as sessions are
// made and deleted; every histogram holds together; route labels are route names, never paths; and
// metricsOpenOnLoopback lets a token-less scraper on loopback in, and nobody else.
import { createServer as createHttpServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { eventually, listenOnLoopback } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackAddress } from './http/security.js';
import { DURATION_BUCKETS, routeModules } from './index.js';
import {
  histogramProblems,
  type MetricFamily,
  parsePrometheusText,
  parseValue,
  sampleValue,
} from './test-fixtures/prometheus-text.js';
import { startServer, type TestServer } from './test-fixtures/server.js';

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

let t: TestServer;

beforeAll(async () => {
  t = await startServer({ maxSessions: 3, maxQueuedOperations: 7 });
});

afterAll(async () => {
  await t?.close();
  t?.home.remove();
});

/** One scrape with the token, parsed strictly. */
async function scrape(server: TestServer = t): Promise<Map<string, MetricFamily>> {
  const res = await server.api('GET', '/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(CONTENT_TYPE);
  return parsePrometheusText(res.bytes.toString('utf8'));
}

const value = (families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}) =>
  sampleValue(families, name, labels) ?? 0;

async function createSession(body: Record<string, unknown>): Promise<void> {
  const res = await t.api('POST', '/sessions', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function deleteSession(name: string, keepState = false): Promise<void> {
  const res = await t.api('DELETE', `/sessions/${name}${keepState ? '?keepState=true' : ''}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('the strict parser', () => {
  it('refuses what a scraper refuses', () => {
    const bad = [
      'x 1', // no newline at the end
      'x{a="1} 1\n', // unterminated label value
      'x{a="\\t"} 1\n', // bad escape
      'x one\n', // bad value
      '# TYPE x counter\nx 1\n# TYPE y gauge\ny 1\nx 2\n', // a family apart
      '# TYPE x gauge\nx 1\nx 2\n', // a series twice
      '# TYPE x counter\nx -1\n', // a counter below 0
      '# TYPE h histogram\nh_bucket 1\n', // a bucket without le
      '# TYPE x counter\n# TYPE x counter\nx 1\n',
    ];
    for (const text of bad) expect(() => parsePrometheusText(text), JSON.stringify(text)).toThrow();
    const good = parsePrometheusText(
      '# HELP x a\n# TYPE x gauge\nx{a="q\\"\\n"} +Inf\n\n# TYPE y untyped\ny 1 5\n# TYPE z gauge\nz Nan\n',
    );
    expect(good.get('x')?.samples).toEqual([{ name: 'x', labels: { a: 'q"\n' }, value: Infinity }]);
    // prom-client writes NaN as "Nan"; Prometheus reads the specials in any case.
    expect(good.get('z')?.samples[0]?.value).toBeNaN();
    const histogram = parsePrometheusText(
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 3\nh_count 1\n',
    ).get('h') as MetricFamily;
    expect(histogramProblems(histogram)).toEqual(['h[]: a bucket counts fewer than the one below it']);
  });
});

describe('GET /metrics', () => {
  it('is prom-client text behind the token: every family typed and described, Node process metrics under the prefix', async () => {
    const anonymous = await fetch(`${t.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);

    const families = await scrape();
    for (const family of families.values()) {
      expect(family.name).toMatch(/^marketbridge_/);
      expect(family.type, family.name).not.toBe('untyped');
      expect(family.help, family.name).toBeTruthy();
    }
    const typeOf = (name: string) => families.get(name)?.type;
    expect(typeOf('marketbridge_process_cpu_user_seconds_total')).toBe('counter');
    expect(typeOf('marketbridge_nodejs_gc_duration_seconds')).toBe('histogram');
    expect(typeOf('marketbridge_nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(value(families, 'marketbridge_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(value(families, 'marketbridge_nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(value(families, 'marketbridge_up')).toBe(1);
    expect(value(families, 'marketbridge_uptime_seconds')).toBeGreaterThan(0);
    expect(value(families, 'marketbridge_queued_operations_limit')).toBe(7);
    for (const name of ['created', 'restored', 'crashed', 'recycled', 'deleted'])
      expect(typeOf(`marketbridge_sessions_${name}_total`)).toBe('counter');
  });

  it('counts a session made, kept, brought back and deleted; shows its browser, processes and memory', async () => {
    const before = await scrape();
    await createSession({ name: 'counted' });
    const made = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) =>
      value(made, name, labels) - value(before, name, labels);
    expect(moved('marketbridge_sessions_created_total')).toBe(1);
    expect(moved('marketbridge_sessions_restored_total')).toBe(0);
    expect(moved('marketbridge_sessions', { status: 'active' })).toBe(1);
    expect(
      moved('marketbridge_http_requests_total', {
        route: 'createSession',
        status: '201',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(value(made, 'marketbridge_browsers', { connected: 'true' })).toBe(1);

    // The browser's process tree, by its main process id.
    const pids = t.server.manager.browserPids().map(String);
    expect(pids).toHaveLength(1);
    const processes = made.get('marketbridge_browser_processes')?.samples ?? [];
    expect(processes.map((s) => s.labels.pid)).toEqual(pids);
    // Chromium runs at least its browser process, a zygote and a renderer.
    expect(processes[0]?.value).toBeGreaterThanOrEqual(3);
    const rss = value(made, 'marketbridge_browser_resident_memory_bytes', { pid: pids[0] as string });
    const anonymous = value(made, 'marketbridge_browser_anonymous_memory_bytes', { pid: pids[0] as string });
    expect(anonymous).toBeGreaterThan(10 * 1024 * 1024);
    expect(rss).toBeGreaterThan(anonymous);

    await deleteSession('counted', true);
    await createSession({ name: 'counted' }); // from its kept state
    await deleteSession('counted');
    const after = await scrape();
    const since = (name: string, labels: Record<string, string> = {}) =>
      value(after, name, labels) - value(made, name, labels);
    expect(since('marketbridge_sessions_created_total')).toBe(1);
    expect(since('marketbridge_sessions_restored_total')).toBe(1);
    expect(since('marketbridge_sessions_deleted_total')).toBe(2);
    expect(value(after, 'marketbridge_sessions', { status: 'active' })).toBe(
      value(before, 'marketbridge_sessions', { status: 'active' }),
    );
    // /stats reads the same counts.
    const stats = (await t.api<{ sessionsCreated: number; sessionsDeleted: number }>('GET', '/stats')).body;
    expect(stats.sessionsCreated).toBe(value(after, 'marketbridge_sessions_created_total'));
    expect(stats.sessionsDeleted).toBe(value(after, 'marketbridge_sessions_deleted_total'));
  });

  it('labels requests by route name and outcome, never by path; errors by code', async () => {
    expect((await t.api('GET', '/sessions/no-such-session-4711')).status).toBe(404);
    expect((await t.api('GET', '/no/such/path-4711')).status).toBe(404);
    expect((await t.api('POST', '/health')).status).toBe(405);
    const res = await t.api('GET', '/metrics');
    const text = res.bytes.toString('utf8');
    expect(text).not.toContain('4711');
    const families = parsePrometheusText(text);
    const names = new Set([...routeModules.map((m) => m.name), 'unmatched', 'method_not_allowed']);
    const routesSeen = new Set(
      [...families.values()].flatMap((f) => f.samples.map((s) => s.labels.route)).filter(Boolean),
    );
    expect([...routesSeen].filter((r) => !names.has(r as string))).toEqual([]);
    expect(
      value(families, 'marketbridge_http_errors_total', { route: 'getSession', code: 'session_not_found' }),
    ).toBeGreaterThanOrEqual(1);
    expect(value(families, 'marketbridge_http_errors_total', { route: 'unmatched', code: 'not_found' })).toBe(
      1,
    );
    expect(
      value(families, 'marketbridge_http_requests_total', {
        route: 'method_not_allowed',
        status: '405',
        outcome: 'client_error',
      }),
    ).toBe(1);
    expect(
      value(families, 'marketbridge_http_request_duration_seconds_count', {
        route: 'getSession',
        outcome: 'client_error',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('has histograms whose buckets, counts and sums agree, and counts each request once', async () => {
    const count = (f: Map<string, MetricFamily>) =>
      value(f, 'marketbridge_http_request_duration_seconds_count', {
        route: 'listSessions',
        outcome: 'success',
      });
    const sum = (f: Map<string, MetricFamily>) =>
      value(f, 'marketbridge_http_request_duration_seconds_sum', {
        route: 'listSessions',
        outcome: 'success',
      });
    const before = await scrape();
    for (let i = 0; i < 3; i++) expect((await t.api('GET', '/sessions')).status).toBe(200);
    const after = await scrape();
    expect(count(after) - count(before)).toBe(3);
    expect(sum(after)).toBeGreaterThan(sum(before));

    const histograms = [...after.values()].filter((f) => f.type === 'histogram');
    expect(histograms.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'marketbridge_http_request_duration_seconds',
        'marketbridge_nodejs_gc_duration_seconds',
      ]),
    );
    for (const family of histograms) expect(histogramProblems(family), family.name).toEqual([]);
    const bounds = after
      .get('marketbridge_http_request_duration_seconds')
      ?.samples.filter(
        (s) => s.labels.route === 'listSessions' && s.labels.outcome === 'success' && s.labels.le,
      )
      .map((s) => parseValue(s.labels.le as string, 'le'));
    expect(bounds).toEqual([...DURATION_BUCKETS, Infinity]);
  });

  it("shows the operations in the sessions' queues, running and waiting, and their draining", async () => {
    await using gate = await startGate();
    await createSession({ name: 'queued', url: gate.url });
    // Two waits that end only when the gate opens: one runs, one waits behind it.
    const expression = `(window.__poll ??= setInterval(() => fetch('/gate').then((r) => r.text()).then((t) => { window.__open = t === 'open'; }), 50), window.__open === true)`;
    const waits = [1, 2].map(() =>
      t.api('POST', '/sessions/queued/wait', { for: 'function', expression, timeoutMs: 120_000 }),
    );
    await eventually(async () => {
      const f = await scrape();
      return (
        value(f, 'marketbridge_queued_operations') === 2 &&
        value(f, 'marketbridge_queued_operations_max') === 2
      );
    }, 'both waits to be in the queue');
    gate.open();
    for (const wait of waits) expect((await wait).status).toBe(200);
    const drained = await scrape();
    expect(value(drained, 'marketbridge_queued_operations')).toBe(0);
    expect(value(drained, 'marketbridge_queued_operations_max')).toBe(0);
    await deleteSession('queued');
  });
});

/** A page whose `/gate` answers `closed` until `open()` is called. */
async function startGate(): Promise<{ url: string; open(): void; [Symbol.asyncDispose](): Promise<void> }> {
  let state = 'closed';
  const server: Server = createHttpServer((req, res) => {
    if (req.url === '/gate') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(state);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Gate</title>gate');
  });
  const loopback = await listenOnLoopback(server);
  return {
    url: `${loopback.url}/`,
    open: () => {
      state = 'open';
    },
    [Symbol.asyncDispose]: loopback.close,
  };
}

describe('metricsOpenOnLoopback', () => {
  let open: TestServer;

  beforeAll(async () => {
    open = await startServer({ metricsOpenOnLoopback: true });
  });

  afterAll(async () => {
    await open?.close();
    open?.home.remove();
  });

  it('off (the default): a scrape without the token is 401', async () => {
    expect(t.server.config.metricsOpenOnLoopback).toBe(false);
    expect((await t.raw('GET', '/metrics', { headers: { host: new URL(t.url).host } })).status).toBe(401);
  });

  it('on: a scraper on loopback reads /metrics without the token, and only /metrics', async () => {
    const res = await fetch(`${open.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE);
    const families = parsePrometheusText(await res.text());
    expect(value(families, 'marketbridge_up')).toBe(1);
    expect((await fetch(`${open.url}/metrics`, { method: 'HEAD' })).status).toBe(200);
    for (const path of ['/stats', '/sessions', '/metrics/', '/METRICS'])
      expect((await fetch(`${open.url}${path}`)).status, path).toBe(401);
    expect((await fetch(`${open.url}/metrics`, { method: 'POST' })).status).toBe(401);
  });

  it('on: a wrong token, proxy headers, a foreign Host or Origin are still refused', async () => {
    const host = new URL(open.url).host;
    const status = async (headers: Record<string, string>) =>
      (await open.raw('GET', '/metrics', { headers: { host, ...headers } })).status;
    expect(await status({})).toBe(200);
    expect(await status({ authorization: 'Bearer not-the-token-at-all' })).toBe(401);
    expect(await status({ 'x-forwarded-for': '203.0.113.9' })).toBe(401);
    expect(await status({ forwarded: 'for=203.0.113.9' })).toBe(401);
    expect(await status({ 'x-real-ip': '203.0.113.9' })).toBe(401);
    expect(await status({ host: 'evil.example' })).toBe(403);
    expect(await status({ origin: 'http://evil.example' })).toBe(403);
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  it.skipIf(!external)('on: a scraper on another address needs the token', async () => {
    // Bound to this machine's non-loopback address: every request to it comes from that address.
    const wide = await startServer({ host: external as string, metricsOpenOnLoopback: true });
    try {
      expect((await fetch(`${wide.url}/metrics`)).status).toBe(401);
      expect((await wide.api('GET', '/metrics')).status).toBe(200);
    } finally {
      await wide.close();
      wide.home.remove();
    }
  });

  it('knows a loopback address when it sees one', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.2'])
      expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of [undefined, '', '10.0.0.1', '::ffff:10.0.0.1', '::', '0.0.0.0', '128.0.0.1', 'localhost'])
      expect(isLoopbackAddress(a), String(a)).toBe(false);
  });
});
