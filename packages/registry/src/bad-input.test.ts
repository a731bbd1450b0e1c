import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createTempHome, type TempHome } from '@marketbridge/test-helpers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegistryCorruptError, RegistryIoError, RegistryNameTakenError, SessionRegistry } from './index.js';

let home: TempHome;
let warnings: string[];
let registry: SessionRegistry;

const corruptFiles = () => readdirSync(home.dir).filter((f) => f.includes('.corrupt-'));
const record = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  session_id: id,
  session_name: name,
  created_at: '2026-01-01T00:00:00.000Z',
  last_activity: '2026-01-01T00:00:00.000Z',
  current_url: '',
  active: true,
  page_count: 0,
  metadata: {},
  ...extra,
});

beforeEach(() => {
  home = createTempHome();
  warnings = [];
  registry = new SessionRegistry({ file: home.registryFile, onWarning: (m) => warnings.push(m) });
});
afterEach(() => home.remove());

describe('a file that does not parse', () => {
  const garbage = '{"sessions": {"a": {"session_id": "a", "session_na';

  it('read() moves it aside as <file>.corrupt-<time> with its bytes intact, reports where, and throws', async () => {
    writeFileSync(home.registryFile, garbage);
    const error = await registry.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryCorruptError);
    const corrupt = error as RegistryCorruptError;
    expect(corrupt.code).toBe('registry_corrupt');
    expect(corrupt.movedTo).toMatch(
      /browser_sessions_registry\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/,
    );
    expect(corrupt.message).toContain(corrupt.movedTo);
    expect(corrupt.message).toContain('not valid JSON');
    expect(corrupt.cause).toBeInstanceOf(SyntaxError);
    expect(readFileSync(corrupt.movedTo, 'utf8')).toBe(garbage);
    expect(existsSync(home.registryFile)).toBe(false);
    expect(warnings).toEqual([corrupt.message]);
    // The next write starts from empty; the moved file stays.
    await registry.create({ sessionName: 'after' });
    expect((await registry.list()).map((r) => r.sessionName)).toEqual(['after']);
    expect(corruptFiles()).toHaveLength(1);
  });

  it('a write that finds it also moves it aside and fails without applying; the retry applies', async () => {
    writeFileSync(home.registryFile, 'not json at all');
    await expect(registry.create({ sessionName: 'x' })).rejects.toBeInstanceOf(RegistryCorruptError);
    expect(existsSync(home.registryFile)).toBe(false);
    expect(corruptFiles()).toHaveLength(1);
    await registry.create({ sessionName: 'x' });
    expect(await registry.list()).toHaveLength(1);
  });

  it.each([
    ['an empty file', ''],
    ['a JSON array', '[]'],
    ['null', 'null'],
    ['no sessions', '{"active_sessions": []}'],
    ['sessions as a list', '{"sessions": []}'],
    ['sessions as a string', '{"sessions": "none"}'],
    ['active_sessions not a list of ids', '{"sessions": {}, "active_sessions": [1]}'],
    ['last_updated a number', '{"sessions": {}, "last_updated": 5}'],
  ])('treats %s as corrupt', async (_label, text) => {
    writeFileSync(home.registryFile, text);
    const error = (await registry.read().catch((e: unknown) => e)) as RegistryCorruptError;
    expect(error).toBeInstanceOf(RegistryCorruptError);
    expect(readFileSync(error.movedTo, 'utf8')).toBe(text);
  });

  it('never overwrites an earlier moved-aside file', async () => {
    const fixed = new Date('2026-03-01T00:00:00.000Z');
    const r = new SessionRegistry({ file: home.registryFile, now: () => fixed, onWarning: () => {} });
    for (const text of ['one', 'two', 'three']) {
      writeFileSync(home.registryFile, text);
      await expect(r.read()).rejects.toBeInstanceOf(RegistryCorruptError);
    }
    const contents = corruptFiles().map((f) => readFileSync(home.path(f), 'utf8'));
    expect(contents.sort()).toEqual(['one', 'three', 'two']);
  });
});

describe('records with wrong types', () => {
  it('drops only the bad records, after saving the whole file aside, and says which and where', async () => {
    const file = {
      sessions: {
        good: record('good', 'trading', { custom: 1 }),
        badCount: record('badCount', 'b', { page_count: '3' }),
        badActive: record('badActive', 'c', { active: 'yes' }),
        badDate: record('badDate', 'd', { last_activity: 'yesterday' }),
        wrongKey: record('other-id', 'e'),
        notAnObject: 42,
        badView: record('badView', 'f', { viewport: { width: 0, height: 10 } }),
      },
      active_sessions: [],
      last_updated: '2026-01-01T00:00:00.000Z',
      keep_me: true,
    };
    const original = JSON.stringify(file, null, 2);
    writeFileSync(home.registryFile, original);

    const snapshot = await registry.read();
    expect(Object.keys(snapshot.sessions)).toEqual(['good']);
    expect(snapshot.activeSessions).toEqual(['good']);

    expect(warnings).toHaveLength(1);
    const warning = warnings[0] as string;
    for (const id of ['badCount', 'badActive', 'badDate', 'wrongKey', 'notAnObject', 'badView']) {
      expect(warning).toContain(id);
    }
    expect(warning).toContain('page_count: expected a non-negative integer, got "3"');
    const [backup] = corruptFiles();
    expect(backup).toBeDefined();
    expect(warning).toContain(home.path(backup as string));
    expect(readFileSync(home.path(backup as string), 'utf8')).toBe(original);

    const onDisk = JSON.parse(readFileSync(home.registryFile, 'utf8'));
    expect(Object.keys(onDisk.sessions)).toEqual(['good']);
    expect(onDisk.sessions.good.custom).toBe(1);
    expect(onDisk.keep_me).toBe(true);

    // Repaired once: later reads are quiet.
    await registry.read();
    expect(warnings).toHaveLength(1);
  });

  it('a write on such a file drops them too and applies the change', async () => {
    writeFileSync(
      home.registryFile,
      JSON.stringify({ sessions: { ok: record('ok', 'a'), bad: record('bad', 'b', { metadata: [] }) } }),
    );
    await registry.update('ok', { pageCount: 4 });
    const onDisk = JSON.parse(readFileSync(home.registryFile, 'utf8'));
    expect(Object.keys(onDisk.sessions)).toEqual(['ok']);
    expect(onDisk.sessions.ok.page_count).toBe(4);
    expect(corruptFiles()).toHaveLength(1);
    expect(warnings[0]).toMatch(/bad \(metadata: expected an object, got \[\]\)/);
  });
});

describe('a registry that cannot be written', () => {
  it('names the path, the OS error and what to do when a path component is a regular file', async () => {
    writeFileSync(home.path('not-a-dir'), 'x');
    const file = home.path('not-a-dir', 'sub', 'registry.json');
    const r = new SessionRegistry({ file });
    const error = (await r.create({ sessionName: 'a' }).catch((e: unknown) => e)) as RegistryIoError;
    expect(error).toBeInstanceOf(RegistryIoError);
    expect(error.code).toBe('registry_io_error');
    expect(error.osCode).toBe('ENOTDIR');
    expect(error.path).toBe(home.path('not-a-dir', 'sub'));
    expect(error.message).toContain(home.path('not-a-dir', 'sub'));
    expect(error.message).toContain('ENOTDIR (a component of the path is not a directory)');
    expect(error.message).toMatch(/MARKETBRIDGE_HOME/);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOTDIR');

    const readError = (await new SessionRegistry({ file: home.path('not-a-dir', 'r.json') })
      .read()
      .catch((e: unknown) => e)) as RegistryIoError;
    expect(readError).toBeInstanceOf(RegistryIoError);
    expect(readError.osCode).toBe('ENOTDIR');
    expect(readError.message).toContain(home.path('not-a-dir', 'r.json'));
  });

  it('reports a registry path that is a directory', async () => {
    mkdirSync(home.registryFile);
    const error = (await registry.read().catch((e: unknown) => e)) as RegistryIoError;
    expect(error).toBeInstanceOf(RegistryIoError);
    expect(error.osCode).toBe('EISDIR');
    expect(error.message).toContain(home.registryFile);
  });

  // Root ignores file modes, so a chmod'ed directory does not stop it; sysfs refuses even root.
  it.skipIf(!existsSync('/sys/kernel'))(
    'reports a directory where even root may not write (/sys)',
    async () => {
      const r = new SessionRegistry({ file: '/sys/kernel/marketbridge-registry-test.json' });
      const error = (await r.create({ sessionName: 'a' }).catch((e: unknown) => e)) as RegistryIoError;
      expect(error).toBeInstanceOf(RegistryIoError);
      expect(['EACCES', 'EPERM', 'EROFS']).toContain(error.osCode);
      expect(error.message).toContain('/sys/kernel/marketbridge-registry-test.json');
    },
  );
});

describe('a name clash', () => {
  it('throws RegistryNameTakenError and changes nothing on disk', async () => {
    await registry.create({ sessionName: 'trading' });
    const other = await registry.create({ sessionName: 'other' });
    const before = readFileSync(home.registryFile);
    await expect(registry.create({ sessionName: 'trading' })).rejects.toBeInstanceOf(RegistryNameTakenError);
    await expect(registry.update(other.sessionId, { sessionName: 'trading' })).rejects.toMatchObject({
      code: 'name_taken',
    });
    expect(readFileSync(home.registryFile).equals(before)).toBe(true);
    expect(readdirSync(home.dir).sort()).toEqual(['browser_sessions_registry.json']);
  });

  it('a file that already has two active records with one name is kept, and not made worse', async () => {
    writeFileSync(
      home.registryFile,
      JSON.stringify({ sessions: { a: record('a', 'dup'), b: record('b', 'dup') } }),
    );
    await registry.update('a', { pageCount: 1 }); // touching either is allowed
    await expect(registry.create({ sessionName: 'dup' })).rejects.toBeInstanceOf(RegistryNameTakenError);
    expect(await registry.list({ name: 'dup', active: true })).toHaveLength(2);
  });
});
