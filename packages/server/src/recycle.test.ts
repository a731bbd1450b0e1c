import type { RecycleResponse, Session, SessionChangeEvent, StatsResponse } from '@marketbridge/api-types';
import { openEventStream, startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerOptionsError } from './errors.js';
import { resolveServerOptions } from './options.js';
import { startServer, type TestServer } from './test-fixtures/server.js';

let t: TestServer;
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
  t = await startServer({ recycleAfterOperations: 3 });
});
afterAll(async () => {
  await t?.close();
  await site?.close();
});

describe('context recycling through the server', () => {
  it('recycles on schedule and the session keeps its id, URL, state and registry record', async () => {
    const created = await t.api<Session>('POST', '/sessions', { name: 'soaked', url: site.at('/state') });
    expect(created.status).toBe(201);
    const { id } = created.body;
    const stream = await openEventStream(`${t.url}/events`, { authorization: `Bearer ${t.token}` });
    try {
      await stream.next('sessions');
      for (let i = 0; i < 3; i++) {
        const res = await t.api('POST', `/sessions/${id}/execute`, {
          script: "localStorage.getItem('token')",
        });
        expect(res.status).toBe(200);
      }
      let event: SessionChangeEvent;
      do event = (await stream.next<SessionChangeEvent>('session', 10_000)).data;
      while (event.type !== 'recycled');
      expect(event.session).toMatchObject({
        id,
        name: 'soaked',
        status: 'active',
        currentUrl: site.at('/state'),
      });
    } finally {
      stream.close();
    }

    const after = await t.api<{ result: unknown }>('POST', `/sessions/${id}/execute`, {
      script: 'document.cookie',
    });
    expect(after.body.result).toContain('visited=yes');
    const stats = (await t.api<StatsResponse>('GET', '/stats')).body;
    expect(stats.sessionsRecycled).toBe(1);
    const metrics = (await t.api('GET', '/metrics')).bytes.toString('utf8');
    expect(metrics).toMatch(/^marketbridge_sessions_recycled_total 1$/m);
    expect(t.registryJson().sessions[id]).toMatchObject({ session_name: 'soaked', active: true });
    expect(t.registryJson().active_sessions).toContain(id);
  });

  it('recycles on request: POST /sessions/:id/recycle', async () => {
    const res = await t.api<RecycleResponse>('POST', '/sessions/soaked/recycle');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      recycled: true,
      session: { name: 'soaked', status: 'active', currentUrl: site.at('/state') },
    });
    expect(res.body.durationMs).toBeGreaterThan(0);
    expect((await t.api<StatsResponse>('GET', '/stats')).body.sessionsRecycled).toBe(2);
  });

  it('answers bad recycle requests with a clear error and changes nothing', async () => {
    await t.api('POST', '/sessions', { name: 'sleeper', url: site.at('/') });
    await t.api('DELETE', '/sessions/sleeper?keepState=true');
    const before = t.registryText();
    const cases: [string, unknown, number, string, RegExp][] = [
      ['/sessions/nobody/recycle', undefined, 404, 'session_not_found', /nobody/],
      ['/sessions/sleeper/recycle', undefined, 409, 'session_inactive', /sleeper/],
      ['/sessions/soaked/recycle', { now: true }, 400, 'invalid_request', /now/],
      ['/sessions/soaked/recycle', '[1,', 400, 'invalid_request', /JSON/],
    ];
    for (const [path, body, status, code, message] of cases) {
      const res = await t.api<{ error: { code: string; message: string } }>('POST', path, body);
      expect(res.status, path).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toMatch(message);
    }
    expect(t.registryText()).toBe(before);
    expect((await t.api<StatsResponse>('GET', '/stats')).body.sessionsRecycled).toBe(2);
  });

  it.each([
    [{ recycleAfterMinutes: 0 }, /recycleAfterMinutes/],
    [{ recycleAfterMinutes: -5 }, /recycleAfterMinutes/],
    [{ recycleAfterOperations: 2.5 }, /recycleAfterOperations/],
    [{ recycleAfterOperations: 0 }, /recycleAfterOperations/],
  ])('refuses %o, naming the option', (options, message) => {
    expect(() => resolveServerOptions(options, {})).toThrow(ServerOptionsError);
    expect(() => resolveServerOptions(options, {})).toThrow(message);
  });
});
