import { readFileSync } from 'node:fs';
import { createTempHome, type TempHome } from '@marketbridge/test-helpers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_RETENTION,
  pickExpired,
  type RetentionRule,
  type SessionRecord,
  SessionRegistry,
} from './index.js';
import { DEFAULT_VIEWPORT } from './record-codec.js';
import { fakeClock } from './test-fixtures/clock.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-01T00:00:00.000Z');
const at = (hoursAgo: number) => new Date(NOW - hoursAgo * HOUR).toISOString();

function rec(id: string, hoursAgo: number, fields: Partial<SessionRecord> = {}): SessionRecord {
  return {
    sessionId: id,
    sessionName: `name-${id}`,
    createdAt: at(hoursAgo + 1),
    lastActivity: at(hoursAgo),
    currentUrl: '',
    active: false,
    pageCount: 0,
    metadata: {},
    browserType: 'chromium',
    headless: true,
    viewport: DEFAULT_VIEWPORT,
    status: 'inactive',
    ...fields,
  };
}
const ids = (records: SessionRecord[]) => records.map((r) => r.sessionId);
const rule = (maxKept: number, maxAgeHours = 720): RetentionRule => ({ maxKept, maxAgeHours });

describe('pickExpired (the rule)', () => {
  it('defaults to 100 kept records for 720 hours', () => {
    expect(DEFAULT_RETENTION).toEqual({ maxKept: 100, maxAgeHours: 720 });
  });

  it('forgets the inactive records beyond maxKept, oldest lastActivity first, whatever their order', () => {
    const records = [rec('c', 3), rec('a', 1), rec('e', 5), rec('b', 2), rec('d', 4)];
    expect(ids(pickExpired(records, rule(2), NOW))).toEqual(['e', 'd', 'c']);
    expect(ids(pickExpired(records, rule(5), NOW))).toEqual([]);
    expect(ids(pickExpired(records, rule(0), NOW))).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('forgets inactive records strictly older than maxAgeHours; one exactly at the cutoff stays', () => {
    const records = [rec('fresh', 1), rec('at-cutoff', 24), rec('old', 25), rec('older', 100)];
    expect(ids(pickExpired(records, rule(100, 24), NOW))).toEqual(['older', 'old']);
    expect(ids(pickExpired(records, rule(100, 24), new Date(NOW)))).toEqual(['older', 'old']);
  });

  it('applies count and age together', () => {
    const records = [rec('a', 1), rec('b', 2), rec('c', 30), rec('d', 40)];
    // count alone would forget d; age alone would forget c and d.
    expect(ids(pickExpired(records, rule(3, 24), NOW))).toEqual(['d', 'c']);
    expect(ids(pickExpired(records, rule(1, 24), NOW))).toEqual(['d', 'c', 'b']);
  });

  it('never picks nor counts live records (active, crashed, restoring), however old or many', () => {
    const records = [
      rec('live-old', 10_000, { active: true, status: 'active' }),
      rec('crashed', 5_000, { active: true, status: 'crashed' }),
      rec('restoring', 3, { active: true, status: 'restoring' }),
      rec('kept-1', 1),
      rec('kept-2', 2),
      rec('kept-old', 10_000),
    ];
    expect(ids(pickExpired(records, rule(1, 720), NOW))).toEqual(['kept-old', 'kept-2']);
    expect(ids(pickExpired(records, rule(0, 720), NOW))).toEqual(['kept-old', 'kept-2', 'kept-1']);
  });

  it('breaks ties of lastActivity the same way every time: later createdAt kept, then the smaller id', () => {
    const same = at(5);
    const records = [
      rec('y', 5, { lastActivity: same, createdAt: at(10) }),
      rec('x', 5, { lastActivity: same, createdAt: at(10) }),
      rec('newer-created', 5, { lastActivity: same, createdAt: at(6) }),
    ];
    expect(ids(pickExpired(records, rule(1), NOW))).toEqual(['y', 'x']);
    expect(ids(pickExpired(records, rule(2), NOW))).toEqual(['y']);
    expect(ids(pickExpired([...records].reverse(), rule(2), NOW))).toEqual(['y']);
  });

  it('is pure: the input is left as it was', () => {
    const records = [rec('a', 1), rec('b', 2)];
    const copy = structuredClone(records);
    pickExpired(records, rule(0), NOW);
    expect(records).toEqual(copy);
  });

  it('refuses a rule it cannot apply, naming the field', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2_000_000])
      expect(() => pickExpired([], rule(bad), NOW)).toThrow(/maxKept/);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 100_000])
      expect(() => pickExpired([], rule(1, bad), NOW)).toThrow(/maxAgeHours/);
  });
});

describe('SessionRegistry.forgetExpired', () => {
  let home: TempHome;
  let clock: ReturnType<typeof fakeClock>;
  let registry: SessionRegistry;
  const raw = () => JSON.parse(readFileSync(home.registryFile, 'utf8'));

  beforeEach(() => {
    home = createTempHome();
    clock = fakeClock();
    registry = new SessionRegistry({ file: home.registryFile, now: clock.now });
  });
  afterEach(() => home.remove());

  async function kept(name: string): Promise<SessionRecord> {
    const r = await registry.create({ sessionName: name, metadata: { name } });
    clock.advance(1000);
    const inactive = await registry.markInactive(r.sessionId);
    clock.advance(1000);
    return inactive;
  }

  it('removes the picked records in one update and says which names no record uses any more', async () => {
    const live = await registry.create({ sessionName: 'live' });
    const k1 = await kept('k1');
    const k2 = await kept('k2');
    const k3 = await kept('k3');
    const k4 = await kept('k4');
    const result = await registry.forgetExpired(rule(2));
    expect(ids(result.forgotten)).toEqual([k1.sessionId, k2.sessionId]);
    expect(result.forgotten[0]).toMatchObject({ sessionName: 'k1', metadata: { name: 'k1' } });
    expect(result.unusedNames).toEqual(['k1', 'k2']);
    expect(Object.keys(raw().sessions).sort()).toEqual([live.sessionId, k3.sessionId, k4.sessionId].sort());
    expect(raw().active_sessions).toEqual([live.sessionId]);
  });

  it('does not rewrite the file when nothing is to be forgotten', async () => {
    await kept('k1');
    const before = readFileSync(home.registryFile, 'utf8');
    clock.advance(1000);
    expect(await registry.forgetExpired(rule(1))).toEqual({ forgotten: [], unusedNames: [] });
    expect(readFileSync(home.registryFile, 'utf8')).toBe(before);
  });

  it('forgets by age with the registry clock or opts.now, and spares what the caller says is live', async () => {
    const k1 = await kept('k1');
    const k2 = await kept('k2');
    clock.advance(30 * HOUR);
    const later = new Date(clock.now().getTime() + 1000 * HOUR);
    const spared = await registry.forgetExpired(rule(100, 24), {
      spare: (r) => r.sessionId === k1.sessionId,
    });
    expect(ids(spared.forgotten)).toEqual([k2.sessionId]);
    expect(ids((await registry.forgetExpired(rule(100, 999), { now: later })).forgotten)).toEqual([
      k1.sessionId,
    ]);
    expect(raw().sessions).toEqual({});
  });

  it('leaves a name in use out of unusedNames (another record of that name stays)', async () => {
    const old = await kept('twin');
    clock.advance(1000);
    const live = await registry.create({ sessionName: 'twin' });
    const result = await registry.forgetExpired(rule(0));
    expect(ids(result.forgotten)).toEqual([old.sessionId]);
    expect(result.unusedNames).toEqual([]);
    expect(Object.keys(raw().sessions)).toEqual([live.sessionId]);
  });

  it('rejects a bad rule before touching the file', async () => {
    await kept('k1');
    const before = readFileSync(home.registryFile, 'utf8');
    await expect(registry.forgetExpired(rule(-1))).rejects.toThrow(RangeError);
    await expect(registry.forgetExpired(rule(1, 0))).rejects.toThrow(/maxAgeHours/);
    expect(readFileSync(home.registryFile, 'utf8')).toBe(before);
  });
});
