import { existsSync, writeFileSync } from 'node:fs';
import { CleanupResponseSchema, type Session, SessionSchema } from '@marketbridge/api-types';
import { SessionRegistry } from '@marketbridge/registry';
import { createTempHome, startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerOptionsError } from './errors.js';
import { createServer } from './index.js';
import { resolveServerOptions } from './options.js';
import { startServer, type TestServer } from './test-fixtures/server.js';

// The retention rule for kept sessions over HTTP: real server, real registry and state files.
const N = 2;
let t: TestServer;
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
  t = await startServer({ maxKeptSessions: N, keptSessionMaxAgeHours: 48 });
});

afterAll(async () => {
  await t?.close();
  await site?.close();
  t?.home.remove();
});

const stateFile = (name: string) => t.home.path('playwright_sessions', `${name}.json`);
const records = () => Object.values(t.registryJson().sessions);

async function create(body: Record<string, unknown>, expected = 201): Promise<Session> {
  const res = await t.api<Session>('POST', '/sessions', body);
  expect(res.status, JSON.stringify(res.body)).toBe(expected);
  return SessionSchema.parse(res.body);
}

describe('retention of kept sessions (maxKeptSessions, keptSessionMaxAgeHours)', () => {
  const kept: Session[] = [];

  it(`keeping ${N + 3} sessions against maxKeptSessions ${N} leaves the ${N} newest; the oldest three are forgotten with their state`, async () => {
    const live = await create({ name: 'live', url: site.at('/state'), metadata: { desk: 'fx' } });
    for (let i = 0; i < N + 3; i++) {
      const s = await create({ name: `kept-${i}`, url: site.at('/state'), metadata: { i } });
      const res = await t.api('DELETE', `/sessions/kept-${i}?keepState=true`);
      expect(res.status).toBe(200);
      kept.push(s);
    }
    const inactive = records().filter((r) => r.active === false);
    expect(inactive.map((r) => r.session_name).sort()).toEqual(['kept-3', 'kept-4']);
    for (const name of ['kept-0', 'kept-1', 'kept-2']) expect(existsSync(stateFile(name))).toBe(false);
    for (const name of ['kept-3', 'kept-4']) expect(existsSync(stateFile(name))).toBe(true);
    for (const s of kept.slice(0, 3)) expect((await t.api('GET', `/sessions/${s.id}`)).status).toBe(404);

    // The live session is untouched: its record, its browser, its page.
    expect(t.registryJson().sessions[live.id]).toMatchObject({ active: true, session_name: 'live' });
    const exec = await t.api<{ result: string }>('POST', '/sessions/live/execute', {
      script: 'document.cookie',
    });
    expect(exec.body.result).toBe('visited=yes');
  });

  it('the newest kept sessions come back by name with their id and saved state', async () => {
    for (const [i, name] of [
      [3, 'kept-3'],
      [4, 'kept-4'],
    ] as const) {
      const back = await create({ name });
      expect(back).toMatchObject({ id: kept[i]?.id, active: true });
      const exec = await t.api<{ result: string }>('POST', `/sessions/${name}/execute`, {
        script: 'document.cookie + "|" + localStorage.getItem("token")',
      });
      expect(exec.body.result).toBe('visited=yes|abc123');
    }
    // A forgotten one starts afresh: new id, no saved state.
    const fresh = await create({ name: 'kept-0' });
    expect(fresh.id).not.toBe(kept[0]?.id);
    for (const name of ['kept-0', 'kept-3', 'kept-4'])
      expect((await t.api('DELETE', `/sessions/${name}`)).status).toBe(200);
  });

  it('POST /sessions/cleanup applies the rule and says what it forgot; live sessions are never touched', async () => {
    // Another process (the registry straight) left kept records: one too old, three over the count.
    const other = new SessionRegistry({ file: t.server.config.registryFile });
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const add = async (name: string, lastActivity: string) => {
      const r = await other.create({ sessionName: `${name}-new` });
      await other.update(r.sessionId, { sessionName: name, active: false, status: 'inactive', lastActivity });
      if (name !== 'live') writeFileSync(stateFile(name), '{"cookies":[],"origins":[]}\n', { mode: 0o600 });
      return r.sessionId;
    };
    await t.server.manager.saveSession('live');
    const ancient = await add('ancient', hoursAgo(100));
    const older = await add('older', hoursAgo(3));
    const newer = await add('newer', hoursAgo(2));
    const newest = await add('newest', hoursAgo(1));
    // A record of the live session's name that says inactive (left by an earlier run): its state file is in use.
    const stale = await add('live', hoursAgo(4));

    const res = await t.api('POST', '/sessions/cleanup', { maxAgeHours: 1000 });
    expect(res.status).toBe(200);
    const body = CleanupResponseSchema.parse(res.body);
    expect(body.deleted).toEqual([]);
    expect(body.forgotten?.map((f) => [f.id, f.name, f.stateDeleted])).toEqual([
      [ancient, 'ancient', true],
      [stale, 'live', false],
      [older, 'older', true],
    ]);
    expect(
      records()
        .filter((r) => r.active === false)
        .map((r) => r.session_id),
    ).toEqual(expect.arrayContaining([newer, newest]));
    expect(records().filter((r) => r.active === false)).toHaveLength(N);
    expect(existsSync(stateFile('ancient'))).toBe(false);
    expect(existsSync(stateFile('older'))).toBe(false);
    expect(existsSync(stateFile('newer'))).toBe(true);
    expect(existsSync(stateFile('live'))).toBe(true);
    expect(t.server.manager.findSession('live')).toBeDefined();
    expect(records().find((r) => r.session_name === 'live')).toMatchObject({ active: true });

    // Nothing left to forget: an empty list, the field still there.
    const again = CleanupResponseSchema.parse(
      (await t.api('POST', '/sessions/cleanup', { maxAgeHours: 1000 })).body,
    );
    expect(again).toEqual({ deleted: [], forgotten: [] });
  });
});

describe('retention options', () => {
  it('defaults to 100 kept sessions for 720 hours', () => {
    expect(resolveServerOptions({}, {})).toMatchObject({ maxKeptSessions: 100, keptSessionMaxAgeHours: 720 });
    expect(resolveServerOptions({ maxKeptSessions: 5, keptSessionMaxAgeHours: 0.5 }, {})).toMatchObject({
      maxKeptSessions: 5,
      keptSessionMaxAgeHours: 0.5,
    });
  });

  it('refuses bad values with an error naming the option', async () => {
    const bad: [object, RegExp][] = [
      [{ maxKeptSessions: 0 }, /maxKeptSessions/],
      [{ maxKeptSessions: -3 }, /maxKeptSessions/],
      [{ maxKeptSessions: 2.5 }, /maxKeptSessions/],
      [{ maxKeptSessions: '10' }, /maxKeptSessions/],
      [{ maxKeptSessions: 2_000_000 }, /maxKeptSessions/],
      [{ keptSessionMaxAgeHours: 0 }, /keptSessionMaxAgeHours/],
      [{ keptSessionMaxAgeHours: -1 }, /keptSessionMaxAgeHours/],
      [{ keptSessionMaxAgeHours: 100_000 }, /keptSessionMaxAgeHours/],
      [{ keptSessionMaxAgeHours: 'week' }, /keptSessionMaxAgeHours/],
      [
        { maxIdleHours: 24, keptSessionMaxAgeHours: 24 },
        /keptSessionMaxAgeHours \(24\) must be more than maxIdleHours \(24\)/,
      ],
      [{ maxIdleHours: 1000 }, /keptSessionMaxAgeHours \(720\) must be more than maxIdleHours/],
    ];
    for (const [options, message] of bad) {
      expect(() => resolveServerOptions(options as never, {})).toThrow(ServerOptionsError);
      expect(() => resolveServerOptions(options as never, {})).toThrow(message);
    }
    // createServer refuses them before touching the home.
    const home = createTempHome('mb-retention-');
    try {
      await expect(createServer({ home: home.dir, port: 0, maxKeptSessions: 0 })).rejects.toThrow(
        /Invalid server options: maxKeptSessions/,
      );
      expect(existsSync(home.path('browser_sessions_registry.json'))).toBe(false);
    } finally {
      home.remove();
    }
  });
});
