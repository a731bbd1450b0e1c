// Restart on the same home: the registry's active sessions come back with their id, state and URL.
import { readFileSync } from 'node:fs';
import { type Session, SessionSchema } from '@marketbridge/api-types';
import { SessionRegistry } from '@marketbridge/registry';
import {
  createTempHome,
  eventually,
  startTestSite,
  type TempHome,
  type TestSite,
} from '@marketbridge/test-helpers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOG_FILE_NAME } from './index.js';
import { startServer, type TestServer } from './test-fixtures/server.js';

let home: TempHome;
let site: TestSite;
let first: TestServer;
let second: TestServer | undefined;
const ids: Record<string, string> = {};

beforeAll(async () => {
  home = createTempHome('mb-restart-');
  site = await startTestSite();
  first = await startServer({}, home);
  const create = async (body: Record<string, unknown>) => {
    const res = await first.api<Session>('POST', '/sessions', body);
    expect(res.status).toBe(201);
    ids[res.body.name] = res.body.id;
  };
  // A page that sets a cookie and localStorage, then another page of the same site: what comes back
  // must come from the saved state, not from the page setting it again.
  await create({
    name: 'keeper',
    url: site.at('/state'),
    metadata: { desk: 'fx' },
    viewport: { width: 900, height: 600 },
  });
  expect((await first.api('POST', '/sessions/keeper/navigate', { url: site.at('/form') })).status).toBe(200);
  await create({ name: 'sleeper', url: site.at('/') });
  expect((await first.api('DELETE', '/sessions/sleeper?keepState=true')).status).toBe(200);
  await create({ name: 'gone', url: site.at('/') });
  expect((await first.api('DELETE', '/sessions/gone')).status).toBe(200);
  await first.close();
});

afterAll(async () => {
  await second?.close();
  await site?.close();
  home?.remove();
});

it('leaves live sessions active with status restoring when it closes', () => {
  const registry = JSON.parse(readFileSync(home.registryFile, 'utf8'));
  expect(registry.sessions[ids.keeper!]).toMatchObject({
    active: true,
    status: 'restoring',
    current_url: site.at('/form'),
  });
  expect(registry.sessions[ids.sleeper!]).toMatchObject({ active: false, status: 'inactive' });
  expect(registry.sessions[ids.gone!]).toBeUndefined();
  expect(registry.active_sessions).toEqual([ids.keeper]);
  expect(first.server.manager.listSessions()).toEqual([]);
});

it('restores the active sessions on the next start: same id, options, cookies, localStorage and URL', async () => {
  // A record the manager cannot bring back (a name it refuses): logged, marked crashed, not fatal.
  const registry = new SessionRegistry({ file: home.registryFile });
  const broken = await registry.create({ sessionName: 'not a valid name!' });

  second = await startServer({}, home);
  expect(second.server.startup.restored).toEqual([ids.keeper]);
  expect(second.server.startup.failed).toEqual([broken.sessionId]);

  const keeper = SessionSchema.parse((await second.api('GET', '/sessions/keeper')).body);
  expect(keeper).toMatchObject({
    id: ids.keeper,
    name: 'keeper',
    status: 'active',
    active: true,
    currentUrl: site.at('/form'),
    title: 'Form',
    viewport: { width: 900, height: 600 },
    metadata: { desk: 'fx' },
  });
  const state = await second.api<{ result: string }>('POST', `/sessions/${ids.keeper}/execute`, {
    script: 'location.pathname + "|" + document.cookie + "|" + localStorage.getItem("token")',
  });
  expect(state.body.result).toBe('/form|visited=yes|abc123');

  const onDisk = second.registryJson();
  expect(onDisk.sessions[ids.keeper!]).toMatchObject({ active: true, status: 'active' });
  expect(onDisk.sessions[broken.sessionId]).toMatchObject({ active: true, status: 'crashed' });
  expect(onDisk.sessions[ids.sleeper!]).toMatchObject({ active: false, status: 'inactive' });
  await eventually(
    () =>
      readFileSync(home.path('logs', LOG_FILE_NAME), 'utf8').includes(
        'Could not restore session \\"not a valid name!\\"',
      ),
    'the failed restore to be logged',
  );

  // The inactive one stays inactive until asked for, then comes back with its id.
  expect((await second.api('POST', '/sessions/sleeper/execute', { script: '1' })).status).toBe(409);
  const sleeper = await second.api<Session>('POST', '/sessions', { name: 'sleeper' });
  expect(sleeper.status).toBe(201);
  expect(sleeper.body).toMatchObject({ id: ids.sleeper, currentUrl: site.at('/') });
  expect((await second.api<{ sessionsRestored: number }>('GET', '/stats')).body.sessionsRestored).toBe(2);
  await registry.remove(broken.sessionId);
});

it('follows a browser crash in the registry: crashed, then active again with the same id', async () => {
  const server = second!;
  const statuses: string[] = [];
  const registry = server.server.registry;
  const update = registry.update.bind(registry);
  registry.update = async (id, patch) => {
    if (id === ids.keeper && patch.status) statuses.push(patch.status);
    return update(id, patch);
  };
  const pids = server.server.manager.browserPids();
  expect(pids.length).toBeGreaterThan(0);
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  await eventually(
    () => statuses.includes('active'),
    'the registry to show the session active again',
    20_000,
  );
  expect(statuses[0]).toBe('crashed');
  const keeper = SessionSchema.parse((await server.api('GET', '/sessions/keeper')).body);
  expect(keeper).toMatchObject({ id: ids.keeper, status: 'active', currentUrl: site.at('/form') });
  const state = await server.api<{ result: string }>('POST', '/sessions/keeper/execute', {
    script: 'document.cookie + "|" + localStorage.getItem("token")',
  });
  expect(state.body.result).toBe('visited=yes|abc123');
  await server.server.flush();
  expect(server.registryJson().sessions[ids.keeper!]).toMatchObject({ active: true, status: 'active' });
  const stats = (await server.api<{ sessionsCrashed: number }>('GET', '/stats')).body;
  expect(stats.sessionsCrashed).toBeGreaterThanOrEqual(1);
  await server.close();
  second = undefined;
});

it('closes idle sessions in the background with --max-idle-hours, keeping their state', async () => {
  second = await startServer({ maxIdleHours: 1 / 3600, backgroundIntervalMs: 200 }, home);
  expect(second.server.startup.restored.sort()).toEqual([ids.keeper, ids.sleeper].sort());
  await eventually(
    () => second!.registryJson().active_sessions.length === 0,
    'idle sessions to be closed and marked inactive',
    10_000,
  );
  expect(second.server.manager.listSessions()).toEqual([]);
  const onDisk = second.registryJson();
  expect(onDisk.sessions[ids.keeper!]).toMatchObject({ active: false, status: 'inactive' });
  expect(onDisk.active_sessions).toEqual([]);
  const back = await second.api<Session>('POST', '/sessions', { name: 'keeper' });
  expect(back.body).toMatchObject({ id: ids.keeper, currentUrl: site.at('/form') });
});
