import { existsSync } from 'node:fs';
import {
  CleanupResponseSchema,
  DeleteSessionResponseSchema,
  ErrorBodySchema,
  HealthResponseSchema,
  ListSessionsResponseSchema,
  type Session,
  SessionSchema,
  StatsResponseSchema,
} from '@marketbridge/api-types';
import { eventually, startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from './test-fixtures/prometheus-text.js';
import { startServer, type TestServer } from './test-fixtures/server.js';

let t: TestServer;
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
  t = await startServer({ maxSessions: 5 });
});

afterAll(async () => {
  await t?.close();
  await site?.close();
  t?.home.remove();
});

const stateFile = (name: string) => t.home.path('playwright_sessions', `${name}.json`);

async function create(body: Record<string, unknown>, expected = 201): Promise<Session> {
  const res = await t.api<Session>('POST', '/sessions', body);
  expect(res.status, JSON.stringify(res.body)).toBe(expected);
  return SessionSchema.parse(res.body);
}

async function remove(name: string, keepState = false): Promise<void> {
  const res = await t.api('DELETE', `/sessions/${name}${keepState ? '?keepState=true' : ''}`);
  expect(res.status).toBe(200);
}

describe('POST /sessions', () => {
  it('creates a session on a page that sets a cookie and localStorage, and records it in the registry', async () => {
    const session = await create({
      name: 'stateful',
      url: site.at('/state'),
      metadata: { desk: 'fx' },
      viewport: { width: 1024, height: 700 },
    });
    expect(session).toMatchObject({
      name: 'stateful',
      status: 'active',
      active: true,
      browserType: 'chromium',
      headless: true,
      viewport: { width: 1024, height: 700 },
      currentUrl: site.at('/state'),
      pageCount: 1,
      metadata: { desk: 'fx' },
    });
    const exec = await t.api<{ result: string }>('POST', '/sessions/stateful/execute', {
      script: 'document.cookie + "|" + localStorage.getItem("token")',
    });
    expect(exec.body.result).toBe('visited=yes|abc123');

    // The record is written before the answer: another process reading the file sees it at once.
    const record = t.registryJson().sessions[session.id];
    expect(record).toMatchObject({
      session_id: session.id,
      session_name: 'stateful',
      current_url: site.at('/state'),
      active: true,
      page_count: 1,
      metadata: { desk: 'fx' },
      browser_type: 'chromium',
      headless: true,
      viewport: { width: 1024, height: 700 },
      status: 'active',
    });
    expect(t.registryJson().active_sessions).toContain(session.id);
  });

  it('keeps the registry file current: URL, page count and activity (read raw)', async () => {
    const session = await create({ name: 'tracked', url: site.at('/popup') });
    const before = t.registryJson().sessions[session.id]!;
    await new Promise((r) => setTimeout(r, 20));
    expect((await t.api('POST', '/sessions/tracked/navigate', { url: site.at('/form') })).status).toBe(200);
    await eventually(
      () => t.registryJson().sessions[session.id]?.current_url === site.at('/form'),
      'the registry to show the new URL',
      5_000,
    );
    expect(Date.parse(t.registryJson().sessions[session.id]!.last_activity as string)).toBeGreaterThan(
      Date.parse(before.last_activity as string),
    );
    // A popup adds a page; the next operation's update carries the count.
    await t.api('POST', '/sessions/tracked/navigate', { url: site.at('/popup') });
    expect(
      (await t.api('POST', '/sessions/tracked/interact', { action: 'click', selector: '#open' })).status,
    ).toBe(200);
    await eventually(async () => {
      await t.api('POST', '/sessions/tracked/execute', { script: '1' });
      return t.registryJson().sessions[session.id]?.page_count === 2;
    }, 'the registry to show two pages');
    const live = (await t.api<Session>('GET', '/sessions/tracked')).body;
    expect(live.pageCount).toBe(2);
    await remove('tracked');
  });

  it('answers 409 name_taken for a live name without reuse, 200 with the same session with reuse', async () => {
    const first = await create({ name: 'twice' });
    const taken = await t.api('POST', '/sessions', { name: 'twice' });
    expect(taken.status).toBe(409);
    expect(ErrorBodySchema.parse(taken.body).error.code).toBe('name_taken');
    const reused = await create({ name: 'twice', reuse: true }, 200);
    expect(reused.id).toBe(first.id);
    await remove('twice');
  });

  it('turns 20 concurrent reuse creates of one name into exactly one session', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => t.api<Session>('POST', '/sessions', { name: 'shared', reuse: true })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(t.server.manager.listSessions().filter((s) => s.name === 'shared')).toHaveLength(1);
    const records = Object.values(t.registryJson().sessions).filter((r) => r.session_name === 'shared');
    expect(records).toHaveLength(1);
    await remove('shared');
  });

  it('generates a name when none is given, and serves names with dots, dashes and underscores', async () => {
    const session = await create({});
    expect(session.name).toMatch(/^session-[0-9a-f]{8}$/);
    await remove(session.id);
    await create({ name: 'v1.2_beta-x' });
    const res = await t.api<{ result: number }>('POST', '/sessions/v1.2_beta-x/execute', { script: '6 * 7' });
    expect(res.body.result).toBe(42);
    await remove('v1.2_beta-x');
  });

  it('answers 429 too_many_sessions past maxSessions, while reuse of a live name still works', async () => {
    const live = t.server.manager.listSessions().length;
    const extra: string[] = [];
    for (let i = live; i < 5; i++) extra.push((await create({ name: `fill-${i}` })).name);
    const refused = await t.api('POST', '/sessions', { name: 'one-too-many' });
    expect(refused.status).toBe(429);
    expect(ErrorBodySchema.parse(refused.body).error.code).toBe('too_many_sessions');
    expect(t.server.manager.findSession('one-too-many')).toBeUndefined();
    await create({ name: 'stateful', reuse: true }, 200);
    for (const name of extra) await remove(name);
  });
});

describe('GET /sessions and /sessions/:id', () => {
  it('lists live sessions and inactive registry records, with name and active filters', async () => {
    await create({ name: 'sleeper', url: site.at('/form') });
    await remove('sleeper', true);
    const all = ListSessionsResponseSchema.parse((await t.api('GET', '/sessions')).body).sessions;
    expect(all.find((s) => s.name === 'stateful')).toMatchObject({ active: true, status: 'active' });
    expect(all.find((s) => s.name === 'sleeper')).toMatchObject({
      active: false,
      status: 'inactive',
      currentUrl: site.at('/form'),
    });
    const active = ListSessionsResponseSchema.parse(
      (await t.api('GET', '/sessions?active=true')).body,
    ).sessions;
    expect(active.every((s) => s.active)).toBe(true);
    expect(active.map((s) => s.name)).toContain('stateful');
    const inactive = ListSessionsResponseSchema.parse(
      (await t.api('GET', '/sessions?active=false')).body,
    ).sessions;
    expect(inactive.map((s) => s.name)).toEqual(['sleeper']);
    const named = ListSessionsResponseSchema.parse(
      (await t.api('GET', '/sessions?name=stateful')).body,
    ).sessions;
    expect(named.map((s) => s.name)).toEqual(['stateful']);
  });

  it('gets one session by id or by name', async () => {
    const byName = SessionSchema.parse((await t.api('GET', '/sessions/stateful')).body);
    const byId = SessionSchema.parse((await t.api('GET', `/sessions/${byName.id}`)).body);
    expect(byId).toMatchObject({ id: byName.id, name: 'stateful', title: 'State' });
    const sleeper = SessionSchema.parse((await t.api('GET', '/sessions/sleeper')).body);
    expect(sleeper.status).toBe('inactive');
  });

  it('answers 409 session_inactive for operations on an inactive session, and POST /sessions brings it back', async () => {
    const res = await t.api('POST', '/sessions/sleeper/execute', { script: '1' });
    expect(res.status).toBe(409);
    const error = ErrorBodySchema.parse(res.body).error;
    expect(error.code).toBe('session_inactive');
    expect(error.message).toContain('POST /sessions {"name": "sleeper"}');
    const before = SessionSchema.parse((await t.api('GET', '/sessions/sleeper')).body);
    const back = await create({ name: 'sleeper' });
    expect(back.id).toBe(before.id);
    expect(back.currentUrl).toBe(site.at('/form'));
    expect(t.registryJson().sessions[back.id]).toMatchObject({ active: true, status: 'active' });
    await remove('sleeper');
  });
});

describe('DELETE /sessions/:id', () => {
  it('closes the session and forgets it: record and saved state removed', async () => {
    const session = await create({ name: 'doomed', url: site.at('/state') });
    await t.server.manager.saveSession('doomed');
    expect(existsSync(stateFile('doomed'))).toBe(true);
    const res = await t.api('DELETE', '/sessions/doomed');
    expect(DeleteSessionResponseSchema.parse(res.body)).toEqual({
      id: session.id,
      name: 'doomed',
      deleted: true,
      stateKept: false,
    });
    expect(existsSync(stateFile('doomed'))).toBe(false);
    expect(t.registryJson().sessions[session.id]).toBeUndefined();
    expect((await t.api('GET', `/sessions/${session.id}`)).status).toBe(404);
    expect((await t.api('DELETE', '/sessions/doomed')).status).toBe(404);
  });

  it('with keepState=true marks the record inactive and keeps the state file; deleting it then removes both', async () => {
    const session = await create({ name: 'kept', url: site.at('/state') });
    const res = await t.api('DELETE', `/sessions/${session.id}?keepState=true`);
    expect(DeleteSessionResponseSchema.parse(res.body).stateKept).toBe(true);
    expect(existsSync(stateFile('kept'))).toBe(true);
    expect(t.registryJson().sessions[session.id]).toMatchObject({ active: false, status: 'inactive' });
    expect(t.server.manager.findSession('kept')).toBeUndefined();
    expect((await t.api('DELETE', '/sessions/kept')).status).toBe(200);
    expect(existsSync(stateFile('kept'))).toBe(false);
    expect(t.registryJson().sessions[session.id]).toBeUndefined();
  });
});

describe('POST /sessions/cleanup', () => {
  it('closes sessions idle longer than maxAgeHours (state kept, record inactive) and returns their ids', async () => {
    const old = await create({ name: 'old', url: site.at('/form') });
    // Idle 4 s against a 3 s limit.
    await new Promise((r) => setTimeout(r, 4_000));
    await t.api('POST', '/sessions/stateful/execute', { script: '1' });
    await create({ name: 'fresh' });
    const live = ListSessionsResponseSchema.parse(
      (await t.api('GET', '/sessions?active=true')).body,
    ).sessions;
    const limitMs = 3_000;
    const before = Date.now();
    const res = await t.api('POST', '/sessions/cleanup', { maxAgeHours: limitMs / 3_600_000 });
    const after = Date.now();
    expect(res.status).toBe(200);
    const { deleted } = CleanupResponseSchema.parse(res.body);
    expect(deleted).toContain(old.id);
    // The server judges idleness by its clock at some moment between `before` and `after`: a session
    // idle past the limit even at `before` is closed, one not yet idle past it at `after` is kept, and
    // one in between may go either way (a busy machine makes that window wide, not the test red).
    for (const s of live) {
      const idleSince = Date.parse(s.lastActivity);
      if (idleSince < before - limitMs) expect(deleted, s.name).toContain(s.id);
      if (idleSince >= after - limitMs) expect(deleted, s.name).not.toContain(s.id);
    }
    expect(t.server.manager.findSession('old')).toBeUndefined();
    expect(t.registryJson().sessions[old.id]).toMatchObject({ active: false, status: 'inactive' });
    expect(existsSync(stateFile('old'))).toBe(true);
    const again = CleanupResponseSchema.parse(
      (await t.api('POST', '/sessions/cleanup', { maxAgeHours: 1 })).body,
    );
    expect(again.deleted).toEqual([]);
    await remove('fresh');
    await remove('old');
  });
});

describe('health, stats, metrics, openapi', () => {
  it('/health answers without a token with the server version, browsers and session counts', async () => {
    const res = await fetch(`${t.url}/health`);
    const health = HealthResponseSchema.parse(await res.json());
    expect(health.status).toBe('healthy');
    expect(health.version).toBe(
      (await import('../package.json', { with: { type: 'json' } })).default.version,
    );
    expect(health.browsers).toEqual([expect.objectContaining({ browserType: 'chromium', connected: true })]);
    expect(health.sessions.total).toBe(t.server.manager.listSessions().length);
    expect(health.sessions.active).toBe(health.sessions.total);
  });

  it('/stats counts sessions and requests', async () => {
    const stats = StatsResponseSchema.parse((await t.api('GET', '/stats')).body);
    expect(stats.sessionsCreated).toBeGreaterThanOrEqual(10);
    expect(stats.sessionsDeleted).toBeGreaterThanOrEqual(8);
    expect(stats.sessionsRestored).toBeGreaterThanOrEqual(1);
    expect(stats.requests).toBeGreaterThan(stats.errors);
    expect(stats.errors).toBeGreaterThanOrEqual(3);
    expect(stats.browsers).toBe(1);
    expect(stats.memory.rssBytes).toBeGreaterThan(0);
  });

  it('/metrics is Prometheus text behind the token', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    const res = await t.api('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    // Strictly parsed: a line a scraper would refuse throws (metrics.test.ts has the rest).
    const families = parsePrometheusText(res.bytes.toString('utf8'));
    expect(families.get('marketbridge_http_requests_total')?.type).toBe('counter');
    expect(
      sampleValue(families, 'marketbridge_http_requests_total', {
        route: 'createSession',
        status: '201',
        outcome: 'success',
      }),
    ).toBeGreaterThanOrEqual(10);
    expect(sampleValue(families, 'marketbridge_sessions', { status: 'active' })).toBeGreaterThanOrEqual(0);
    expect(
      sampleValue(families, 'marketbridge_http_request_duration_seconds_bucket', {
        route: 'execute',
        outcome: 'success',
        le: '+Inf',
      }),
    ).toBeGreaterThan(0);
  });

  it('/openapi.json is the generated document, open like /health', async () => {
    const res = await fetch(`${t.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      servers: { url: string }[];
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/sessions', '/sessions/{id}', '/sessions/{id}/navigate', '/health']),
    );
    expect(doc.servers).toEqual([{ url: t.url }]);
  });
});
