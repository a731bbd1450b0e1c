import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, type TempHome } from '@marketbridge/test-helpers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RegistryNameTakenError,
  RegistryNotFoundError,
  RegistrySessionExistsError,
  RegistryValidationError,
  SessionRegistry,
} from './index.js';
import { fakeClock } from './test-fixtures/clock.js';

const SEED_KEYS = [
  'session_id',
  'session_name',
  'created_at',
  'last_activity',
  'current_url',
  'active',
  'page_count',
  'metadata',
];
const ALL_KEYS = [...SEED_KEYS, 'browser_type', 'headless', 'viewport', 'status'];
const HOUR = 3_600_000;

let home: TempHome;
let clock: ReturnType<typeof fakeClock>;
let warnings: string[];
let registry: SessionRegistry;

const raw = () => JSON.parse(readFileSync(home.registryFile, 'utf8'));
const bytes = () => readFileSync(home.registryFile, 'utf8');

beforeEach(() => {
  home = createTempHome();
  clock = fakeClock();
  warnings = [];
  registry = new SessionRegistry({
    file: home.registryFile,
    now: clock.now,
    onWarning: (m) => warnings.push(m),
  });
});
afterEach(() => home.remove());

describe('paths and options', () => {
  it('needs its file, and says where to get it', () => {
    expect(() => new SessionRegistry({} as never)).toThrow(/needs `file`.*homeLayout\(\)\.registryFile/);
  });

  it('refuses a staleMs below 2000 and resolves a relative file', () => {
    expect(() => new SessionRegistry({ file: home.registryFile, staleMs: 500 })).toThrow(RangeError);
    expect(new SessionRegistry({ file: 'rel/reg.json' }).file).toBe(join(process.cwd(), 'rel/reg.json'));
    expect(new SessionRegistry({ file: home.registryFile }).staleMs).toBe(10_000);
  });
});

describe('create', () => {
  it('writes a new active record in the snake_case format, mode 0600, directory 0700', async () => {
    const file = home.path('nested', 'dir', 'reg.json');
    const r = new SessionRegistry({ file, now: clock.now });
    const created = await r.create({ sessionName: 'trading', currentUrl: 'http://localhost:8080' });
    expect(created).toEqual({
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      sessionName: 'trading',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastActivity: '2026-01-01T00:00:00.000Z',
      currentUrl: 'http://localhost:8080',
      active: true,
      pageCount: 0,
      metadata: {},
      browserType: 'chromium',
      headless: true,
      viewport: { width: 1280, height: 800 },
      status: 'active',
    });
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(onDisk)).toEqual(['sessions', 'active_sessions', 'last_updated']);
    expect(Object.keys(onDisk.sessions)).toEqual([created.sessionId]);
    expect(Object.keys(onDisk.sessions[created.sessionId])).toEqual(ALL_KEYS);
    expect(onDisk.sessions[created.sessionId]).toEqual({
      session_id: created.sessionId,
      session_name: 'trading',
      created_at: '2026-01-01T00:00:00.000Z',
      last_activity: '2026-01-01T00:00:00.000Z',
      current_url: 'http://localhost:8080',
      active: true,
      page_count: 0,
      metadata: {},
      browser_type: 'chromium',
      headless: true,
      viewport: { width: 1280, height: 800 },
      status: 'active',
    });
    expect(onDisk.active_sessions).toEqual([created.sessionId]);
    expect(onDisk.last_updated).toBe('2026-01-01T00:00:00.000Z');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(home.path('nested')).mode & 0o777).toBe(0o700);
  });

  it('takes the given id and options, and copies metadata and viewport', async () => {
    const metadata = { owner: 'desk-1', tags: ['a'] };
    const viewport = { width: 800, height: 600 };
    const created = await registry.create({
      sessionId: 'abc',
      sessionName: 'quotes',
      metadata,
      viewport,
      browserType: 'firefox',
      headless: false,
      pageCount: 2,
    });
    metadata.tags.push('changed later');
    viewport.width = 1;
    expect(created).toMatchObject({
      sessionId: 'abc',
      browserType: 'firefox',
      headless: false,
      pageCount: 2,
      viewport: { width: 800, height: 600 },
      metadata: { owner: 'desk-1', tags: ['a'] },
    });
    expect(raw().sessions.abc.metadata).toEqual({ owner: 'desk-1', tags: ['a'] });
  });

  it('refuses a name used by an active session and leaves the file byte-for-byte as it was', async () => {
    const first = await registry.create({ sessionName: 'trading' });
    const before = bytes();
    clock.advance(1000);
    const error = await registry.create({ sessionName: 'trading' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryNameTakenError);
    expect(error).toMatchObject({ code: 'name_taken', sessionName: 'trading', existingId: first.sessionId });
    expect(bytes()).toBe(before);
  });

  it('allows the name of an inactive session (a new record), and reactivates it by id', async () => {
    const old = await registry.create({
      sessionName: 'trading',
      metadata: { v: 1 },
      currentUrl: 'http://a/',
    });
    clock.advance(HOUR);
    await registry.markInactive(old.sessionId);
    clock.advance(HOUR);

    const fresh = await registry.create({ sessionName: 'trading' });
    expect(fresh.sessionId).not.toBe(old.sessionId);
    await registry.remove(fresh.sessionId);

    const revived = await registry.create({
      sessionId: old.sessionId,
      sessionName: 'trading',
      headless: false,
    });
    expect(revived).toMatchObject({
      sessionId: old.sessionId,
      createdAt: old.createdAt,
      lastActivity: clock.iso(),
      active: true,
      status: 'active',
      metadata: { v: 1 },
      currentUrl: 'http://a/',
      headless: false,
    });
    expect(raw().active_sessions).toEqual([old.sessionId]);
  });

  it('refuses the id of an active session', async () => {
    await registry.create({ sessionId: 's1', sessionName: 'a' });
    await expect(registry.create({ sessionId: 's1', sessionName: 'b' })).rejects.toBeInstanceOf(
      RegistrySessionExistsError,
    );
    await expect(registry.create({ sessionId: 's1', sessionName: 'a' })).rejects.toMatchObject({
      code: 'session_exists',
    });
  });

  it('validates the input', async () => {
    await expect(registry.create({ sessionName: '' })).rejects.toBeInstanceOf(RegistryValidationError);
    await expect(
      registry.create({ sessionName: 'x', viewport: { width: -1, height: 10 } }),
    ).rejects.toMatchObject({ code: 'invalid_record', message: expect.stringContaining('viewport') });
    await expect(
      registry.create({ sessionName: 'x', browserType: 'opera' as 'chromium' }),
    ).rejects.toBeInstanceOf(RegistryValidationError);
    expect((await registry.read()).lastUpdated).toBeNull(); // nothing was ever written
  });
});

describe('update and markInactive', () => {
  it('changes the given fields, ignores undefined ones, and bumps lastActivity', async () => {
    const s = await registry.create({ sessionName: 'a', currentUrl: 'http://a/' });
    clock.advance(5000);
    const updated = await registry.update(s.sessionId, {
      currentUrl: 'http://b/',
      pageCount: 3,
      metadata: { x: 1 },
      sessionName: undefined,
    });
    expect(updated).toMatchObject({
      sessionName: 'a',
      currentUrl: 'http://b/',
      pageCount: 3,
      metadata: { x: 1 },
      createdAt: s.createdAt,
      lastActivity: clock.iso(),
    });
    expect(raw().sessions[s.sessionId]).toMatchObject({ current_url: 'http://b/', page_count: 3 });
  });

  it('keeps a given lastActivity, and never changes sessionId or createdAt', async () => {
    const s = await registry.create({ sessionName: 'a' });
    const patch = { lastActivity: '2020-01-01T00:00:00.000Z', sessionId: 'other', createdAt: 'x' };
    const updated = await registry.update(s.sessionId, patch as never);
    expect(updated).toMatchObject({
      sessionId: s.sessionId,
      createdAt: s.createdAt,
      lastActivity: '2020-01-01T00:00:00.000Z',
    });
  });

  it('keeps active and status consistent', async () => {
    const s = await registry.create({ sessionName: 'a' });
    expect(await registry.update(s.sessionId, { status: 'crashed' })).toMatchObject({
      active: true,
      status: 'crashed',
    });
    expect(await registry.update(s.sessionId, { active: false })).toMatchObject({
      active: false,
      status: 'inactive',
    });
    expect(await registry.update(s.sessionId, { active: true })).toMatchObject({
      active: true,
      status: 'active',
    });
    expect(await registry.update(s.sessionId, { status: 'inactive' })).toMatchObject({
      active: false,
      status: 'inactive',
    });
    expect(await registry.update(s.sessionId, { status: 'restoring' })).toMatchObject({
      active: true,
      status: 'restoring',
    });
  });

  it('throws RegistryNotFoundError for an unknown id', async () => {
    await expect(registry.update('nope', { pageCount: 1 })).rejects.toBeInstanceOf(RegistryNotFoundError);
    await expect(registry.markInactive('nope')).rejects.toMatchObject({ code: 'session_not_found' });
  });

  it('enforces unique names among active sessions', async () => {
    await registry.create({ sessionName: 'a' });
    const b = await registry.create({ sessionName: 'b' });
    await expect(registry.update(b.sessionId, { sessionName: 'a' })).rejects.toBeInstanceOf(
      RegistryNameTakenError,
    );
    await registry.markInactive(b.sessionId);
    await registry.update(b.sessionId, { sessionName: 'a' }); // inactive: fine
    await expect(registry.update(b.sessionId, { active: true })).rejects.toBeInstanceOf(
      RegistryNameTakenError,
    );
  });

  it('markInactive() clears active, sets status, and drops the id from active_sessions', async () => {
    const a = await registry.create({ sessionName: 'a' });
    const b = await registry.create({ sessionName: 'b' });
    clock.advance(1000);
    const done = await registry.markInactive(a.sessionId);
    expect(done).toMatchObject({ active: false, status: 'inactive', lastActivity: clock.iso() });
    expect(raw().active_sessions).toEqual([b.sessionId]);
    expect(raw().sessions[a.sessionId]).toMatchObject({ active: false, status: 'inactive' });
  });
});

describe('reading', () => {
  it('reads a missing file as an empty registry without creating it', async () => {
    expect(await registry.read()).toEqual({ sessions: {}, activeSessions: [], lastUpdated: null });
    expect(await registry.list()).toEqual([]);
    expect(await registry.get('x')).toBeUndefined();
    expect(() => statSync(home.registryFile)).toThrow();
  });

  it('get() returns one record and nothing for ids that are Object.prototype keys', async () => {
    const s = await registry.create({ sessionName: 'a' });
    expect(await registry.get(s.sessionId)).toEqual(s);
    expect(await registry.get('toString')).toBeUndefined();
    expect(await registry.get('__proto__')).toBeUndefined();
    const weird = await registry.create({ sessionId: '__proto__', sessionName: 'w' });
    expect(await registry.get('__proto__')).toEqual(weird);
  });

  it('list() filters by active and name, oldest first', async () => {
    const a = await registry.create({ sessionName: 'a' });
    clock.advance(1000);
    const b = await registry.create({ sessionName: 'b' });
    clock.advance(1000);
    const c = await registry.create({ sessionName: 'c' });
    await registry.markInactive(b.sessionId);
    expect((await registry.list()).map((r) => r.sessionId)).toEqual([a.sessionId, b.sessionId, c.sessionId]);
    expect((await registry.list({ active: true })).map((r) => r.sessionId)).toEqual([
      a.sessionId,
      c.sessionId,
    ]);
    expect((await registry.list({ active: false })).map((r) => r.sessionId)).toEqual([b.sessionId]);
    expect((await registry.list({ name: 'c' })).map((r) => r.sessionId)).toEqual([c.sessionId]);
    expect(await registry.list({ name: 'c', active: false })).toEqual([]);
  });

  it('getByName() prefers the active record, else the most recently active one', async () => {
    const old = await registry.create({ sessionName: 'trading' });
    await registry.markInactive(old.sessionId);
    clock.advance(HOUR);
    const newer = await registry.create({ sessionName: 'trading' });
    await registry.markInactive(newer.sessionId);
    expect((await registry.getByName('trading'))?.sessionId).toBe(newer.sessionId);
    expect(await registry.getByName('trading', { activeOnly: true })).toBeUndefined();

    clock.advance(HOUR);
    await registry.update(old.sessionId, { pageCount: 1 }); // now the most recent, still inactive
    expect((await registry.getByName('trading'))?.sessionId).toBe(old.sessionId);

    const live = await registry.create({ sessionName: 'trading' });
    clock.advance(HOUR);
    await registry.update(old.sessionId, { pageCount: 2 });
    expect((await registry.getByName('trading'))?.sessionId).toBe(live.sessionId);
    expect((await registry.getByName('trading', { activeOnly: true }))?.sessionId).toBe(live.sessionId);
    expect(await registry.getByName('nobody')).toBeUndefined();
  });

  it('read() returns the whole file in camelCase, with activeSessions derived from the records', async () => {
    const a = await registry.create({ sessionName: 'a' });
    const snapshot = await registry.read();
    expect(snapshot).toEqual({
      sessions: { [a.sessionId]: a },
      activeSessions: [a.sessionId],
      lastUpdated: clock.iso(),
    });
  });
});

describe('remove and cleanup', () => {
  it('remove() deletes a record and reports whether there was one; a no-op does not rewrite the file', async () => {
    const a = await registry.create({ sessionName: 'a' });
    const b = await registry.create({ sessionName: 'b' });
    clock.advance(1000);
    expect(await registry.remove(a.sessionId)).toBe(true);
    expect(Object.keys(raw().sessions)).toEqual([b.sessionId]);
    expect(raw().active_sessions).toEqual([b.sessionId]);
    const before = bytes();
    clock.advance(1000);
    expect(await registry.remove(a.sessionId)).toBe(false);
    expect(bytes()).toBe(before);
  });

  it('cleanup() removes records idle for longer than maxAgeHours (active or not) and returns their ids', async () => {
    const oldActive = await registry.create({ sessionName: 'old-active' });
    const oldInactive = await registry.create({ sessionName: 'old-inactive' });
    await registry.markInactive(oldInactive.sessionId);
    clock.advance(2 * HOUR);
    const atCutoff = await registry.create({ sessionName: 'at-cutoff' });
    clock.advance(HOUR);
    const fresh = await registry.create({ sessionName: 'fresh' });

    // now = start + 3 h; cutoff for 1 h = start + 2 h: strictly older goes, exactly at the cutoff stays.
    const removed = await registry.cleanup(1);
    expect(removed.sort()).toEqual([oldActive.sessionId, oldInactive.sessionId].sort());
    expect(Object.keys(raw().sessions).sort()).toEqual([atCutoff.sessionId, fresh.sessionId].sort());
    expect(await registry.cleanup(1)).toEqual([]);
  });

  it('cleanup() honours opts.now and inactiveOnly, and rejects a bad maxAgeHours', async () => {
    const active = await registry.create({ sessionName: 'a' });
    const inactive = await registry.create({ sessionName: 'b' });
    await registry.markInactive(inactive.sessionId);
    const later = new Date(clock.now().getTime() + 48 * HOUR);
    expect(await registry.cleanup(24, { now: later, inactiveOnly: true })).toEqual([inactive.sessionId]);
    expect(await registry.cleanup(24, { now: later })).toEqual([active.sessionId]);
    await expect(registry.cleanup(-1)).rejects.toBeInstanceOf(RangeError);
    await expect(registry.cleanup(Number.NaN)).rejects.toBeInstanceOf(RangeError);
  });
});

describe('the seed format', () => {
  const seed = {
    sessions: {
      'sess-1': {
        session_id: 'sess-1',
        session_name: 'trading',
        created_at: '2025-06-01T09:00:00.123456',
        last_activity: '2025-06-01T10:00:00.000000',
        current_url: 'http://localhost:8080/',
        active: true,
        page_count: 1,
        metadata: { desk: 'fx' },
        python_pid: 4242,
      },
      'sess-2': {
        session_id: 'sess-2',
        session_name: 'research',
        created_at: '2025-06-01T08:00:00Z',
        last_activity: '2025-06-01T08:30:00Z',
        current_url: '',
        active: false,
        page_count: 0,
        metadata: {},
      },
    },
    active_sessions: ['sess-1'],
    last_updated: '2025-06-01T10:00:00.000000',
    schema_note: 'written by the Python tool',
  };

  it('reads a hand-written seed-format file, filling the added fields with defaults', async () => {
    writeFileSync(home.registryFile, JSON.stringify(seed, null, 4));
    const snapshot = await registry.read();
    expect(snapshot.activeSessions).toEqual(['sess-1']);
    expect(snapshot.lastUpdated).toBe('2025-06-01T10:00:00.000000');
    expect(snapshot.sessions['sess-1']).toEqual({
      sessionId: 'sess-1',
      sessionName: 'trading',
      createdAt: '2025-06-01T09:00:00.123456',
      lastActivity: '2025-06-01T10:00:00.000000',
      currentUrl: 'http://localhost:8080/',
      active: true,
      pageCount: 1,
      metadata: { desk: 'fx' },
      browserType: 'chromium',
      headless: true,
      viewport: { width: 1280, height: 800 },
      status: 'active',
    });
    expect(snapshot.sessions['sess-2']?.status).toBe('inactive');
    expect(warnings).toEqual([]);
  });

  it('keeps unknown fields (in records and at the top) and the seed fields when rewriting', async () => {
    writeFileSync(home.registryFile, JSON.stringify(seed, null, 4));
    await registry.update('sess-2', { pageCount: 5 });
    const after = raw();
    expect(after.schema_note).toBe('written by the Python tool');
    expect(after.sessions['sess-1']).toEqual({
      ...seed.sessions['sess-1'],
      browser_type: 'chromium',
      headless: true,
      viewport: { width: 1280, height: 800 },
      status: 'active',
    });
    expect(after.sessions['sess-1'].python_pid).toBe(4242);
    expect(after.sessions['sess-2']).toMatchObject({
      page_count: 5,
      last_activity: clock.iso(),
      session_name: 'research',
    });
    for (const record of Object.values(after.sessions))
      expect(Object.keys(record as object)).toEqual(expect.arrayContaining(SEED_KEYS));
    expect(after.last_updated).toBe(clock.iso());
  });

  it('keeps an unknown field even when it is called __proto__', async () => {
    writeFileSync(
      home.registryFile,
      '{"sessions": {"s": {"session_id": "s", "session_name": "a", "created_at": "2026-01-01T00:00:00Z", ' +
        '"last_activity": "2026-01-01T00:00:00Z", "current_url": "", "active": true, "page_count": 0, ' +
        '"metadata": {}, "__proto__": {"x": 1}}}, "__proto__": 2}',
    );
    await registry.update('s', { pageCount: 1 });
    const text = bytes();
    expect(text).toContain('"__proto__": {\n        "x": 1');
    expect(text).toContain('"__proto__": 2');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('derives active_sessions from the records on every write (a wrong list is corrected)', async () => {
    writeFileSync(home.registryFile, JSON.stringify({ ...seed, active_sessions: ['sess-2', 'ghost'] }));
    expect((await registry.read()).activeSessions).toEqual(['sess-1']);
    await registry.update('sess-1', { pageCount: 2 });
    expect(raw().active_sessions).toEqual(['sess-1']);
  });
});

describe('mutate', () => {
  it('returns the callback value and writes the changes', async () => {
    const s = await registry.create({ sessionName: 'a' });
    const n = await registry.mutate((draft) => {
      const r = draft.sessions.get(s.sessionId)!;
      r.metadata = { counter: 7 };
      return draft.sessions.size;
    });
    expect(n).toBe(1);
    expect(raw().sessions[s.sessionId].metadata).toEqual({ counter: 7 });
  });

  it('writes nothing when the callback throws, or leaves an invalid record or a new name clash', async () => {
    const a = await registry.create({ sessionName: 'a' });
    const b = await registry.create({ sessionName: 'b' });
    const before = bytes();
    await expect(
      registry.mutate((draft) => {
        draft.sessions.delete(a.sessionId);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      registry.mutate((draft) => {
        (draft.sessions.get(a.sessionId) as { pageCount: unknown }).pageCount = 'many';
      }),
    ).rejects.toMatchObject({ code: 'invalid_record', message: expect.stringContaining('pageCount') });
    await expect(
      registry.mutate((draft) => {
        draft.sessions.set('key', { ...draft.sessions.get(a.sessionId)!, sessionName: 'z' });
      }),
    ).rejects.toThrow(/differs from its key/);
    await expect(
      registry.mutate((draft) => {
        draft.sessions.get(b.sessionId)!.sessionName = 'a';
      }),
    ).rejects.toBeInstanceOf(RegistryNameTakenError);
    expect(bytes()).toBe(before);
  });

  it('refuses an async callback', async () => {
    await expect(registry.mutate(async () => 1)).rejects.toThrow(/synchronous/);
  });

  it('serialises many concurrent updates from two instances in one process without losing one', async () => {
    const other = new SessionRegistry({ file: home.registryFile });
    const s = await registry.create({ sessionName: 'a', metadata: { n: 0 } });
    const bump = (r: SessionRegistry) =>
      r.mutate((draft) => {
        const rec = draft.sessions.get(s.sessionId)!;
        rec.metadata = { n: (rec.metadata.n as number) + 1 };
      });
    await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? registry : other)));
    expect(raw().sessions[s.sessionId].metadata).toEqual({ n: 40 });
  });
});
