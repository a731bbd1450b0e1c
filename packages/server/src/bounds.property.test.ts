// Property: whatever sequence of creates (new, reuse, bringing a kept session back with new metadata),
// refused creates (every metadata bound, a name too long, a body nested past the raw-body bound) and
// deletes (keepState true and false) a client sends, the server never answers 5xx, answers each as a
// model of the sessions says, and the registry file stays within REGISTRY_FACTOR × metadataBytes per
// record (live + kept sessions). Real server, real Chromium, a few session names.
//
// RUNS sequences of 1 to MAX_COMMANDS commands each; MB_PROPERTY_SEED=<n> replays a run.
import { LIMITS, MetadataSchema, serializedBytes } from '@marketbridge/api-types';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type TestServer } from './test-fixtures/server.js';

/** The number of command sequences: the case count of this test. */
const RUNS = 30;
const MAX_COMMANDS = 8;
/**
 * The stated bound: a record in the registry file takes at most this many times `metadataBytes`.
 * The file is indented JSON, so metadata of many tiny values nested deep grows most: each value on a
 * line of its own, indented up to 2 × (3 + metadataDepth) spaces — about 12.5 × its compact size for
 * arrays of zeros 8 levels deep. The rest of a record (ids, times, a URL of at most urlLength) fits
 * in what is left.
 */
const REGISTRY_FACTOR = 16;
const NAMES = ['p0', 'p1', 'p2'] as const;
type Name = (typeof NAMES)[number];

type State = 'live' | 'kept';
interface Model {
  sessions: Map<Name, State>;
}
interface Real {
  t: TestServer;
}

let t: TestServer;
let worstRatio = 0;
let commandsRun = 0;
const seen = new Map<string, number>();

beforeAll(async () => {
  t = await startServer({ backgroundIntervalMs: 600_000, saveIntervalMs: 0, authThrottle: false });
});
afterAll(async () => {
  await t?.close();
  t?.home.remove();
});

function count(kind: string) {
  seen.set(kind, (seen.get(kind) ?? 0) + 1);
  commandsRun++;
}

/** After every command: the registry holds exactly the model's sessions, within the stated size. */
async function checkRegistry(model: Model): Promise<void> {
  await t.server.flush();
  const text = t.registryText(); // '' before the first record is written
  const registry = (text ? JSON.parse(text) : { sessions: {} }) as {
    sessions: Record<string, Record<string, unknown>>;
  };
  const records = Object.values(registry.sessions);
  const byName = new Map(records.map((r) => [r.session_name as Name, r]));
  expect(records).toHaveLength(model.sessions.size);
  for (const [name, state] of model.sessions) {
    const record = byName.get(name);
    expect(record, `record of ${name}`).toBeDefined();
    expect(record?.active, `${name} active`).toBe(state === 'live');
    expect(serializedBytes(record?.metadata)).toBeLessThanOrEqual(LIMITS.metadataBytes);
  }
  const bytes = Buffer.byteLength(text);
  const bound = REGISTRY_FACTOR * LIMITS.metadataBytes * Math.max(1, records.length);
  expect(bytes, `registry of ${records.length} records`).toBeLessThanOrEqual(bound);
  worstRatio = Math.max(worstRatio, bytes / (LIMITS.metadataBytes * Math.max(1, records.length)));
}

function expectNo5xx(status: number, body: unknown) {
  expect(status, JSON.stringify(body)).toBeLessThan(500);
}

class Create implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: Name,
    readonly metadata: Record<string, unknown>,
    readonly reuse: boolean,
  ) {}
  check = () => true;
  async run(model: Model, { t }: Real): Promise<void> {
    count(this.reuse ? 'create (reuse)' : 'create');
    const before = model.sessions.get(this.name);
    const res = await t.api<{ name: string; metadata: unknown }>('POST', '/sessions', {
      name: this.name,
      metadata: this.metadata,
      ...(this.reuse ? { reuse: true } : {}),
    });
    expectNo5xx(res.status, res.body);
    if (before === 'live') {
      // A live name: reuse returns it as it is, without reuse it is taken.
      expect(res.status, JSON.stringify(res.body)).toBe(this.reuse ? 200 : 409);
    } else {
      // New, or a kept session brought back with this metadata (its record updated, same id).
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(JSON.stringify(res.body.metadata)).toBe(JSON.stringify(this.metadata));
      model.sessions.set(this.name, 'live');
    }
    await checkRegistry(model);
  }
  toString = () =>
    `create(${this.name}, ${serializedBytes(this.metadata)} B metadata${this.reuse ? ', reuse' : ''})`;
}

class RefusedCreate implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly kind: string,
    readonly name: Name,
    readonly body: string,
    readonly code: 'invalid_request' | 'too_deep',
    readonly says: RegExp,
  ) {}
  check = () => true;
  async run(model: Model, { t }: Real): Promise<void> {
    count(`refused: ${this.kind}`);
    await t.server.flush();
    const before = t.registryText();
    const res = await t.api<{ error: { code: string; message: string } }>('POST', '/sessions', this.body);
    expectNo5xx(res.status, res.body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(this.code);
    expect(res.body.error.message).toMatch(this.says);
    await t.server.flush();
    // Nothing written: the registry's bytes are as they were.
    expect(t.registryText()).toBe(before);
    await checkRegistry(model);
  }
  toString = () => `refused(${this.kind}, ${this.name}, ${this.body.length} chars)`;
}

class Delete implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: Name,
    readonly keepState: boolean,
  ) {}
  check = () => true;
  async run(model: Model, { t }: Real): Promise<void> {
    count(`delete (keepState ${this.keepState})`);
    const res = await t.api('DELETE', `/sessions/${this.name}?keepState=${this.keepState}`);
    expectNo5xx(res.status, res.body);
    if (model.sessions.has(this.name)) {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      if (this.keepState) model.sessions.set(this.name, 'kept');
      else model.sessions.delete(this.name);
    } else {
      expect(res.status, JSON.stringify(res.body)).toBe(404);
    }
    await checkRegistry(model);
  }
  toString = () => `delete(${this.name}, keepState ${this.keepState})`;
}

// ---- arbitraries --------------------------------------------------------------------------------

const name = fc.constantFrom(...NAMES);

/** Arrays of zeros `depth` levels deep filling `bytes`: the shape the indented file grows most. */
function zeros(depth: number, bytes: number): unknown {
  // {"z":[[...[0,0,...]...]]}: 7 bytes around, 2 brackets per level, 2 bytes per zero.
  const n = Math.max(1, Math.floor((bytes - 7 - 2 * depth) / 2));
  let v: unknown = Array(n).fill(0);
  for (let i = 1; i < depth; i++) v = [v];
  return { z: v };
}

const validMetadata: fc.Arbitrary<Record<string, unknown>> = fc
  .oneof(
    fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }),
    fc
      .integer({ min: 1, max: LIMITS.metadataBytes - '{"blob":""}'.length })
      .map((n) => ({ blob: 'm'.repeat(n) })),
    fc
      .tuple(
        fc.integer({ min: 1, max: LIMITS.metadataDepth - 1 }),
        fc.integer({ min: 1_000, max: LIMITS.metadataBytes }),
      )
      .map(([depth, bytes]) => zeros(depth, bytes) as Record<string, unknown>),
  )
  .filter((m) => MetadataSchema.safeParse(m).success); // only what the bounds allow: the refused ones are below

function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

const refused: fc.Arbitrary<RefusedCreate> = fc.oneof(
  fc
    .tuple(name, fc.integer({ min: LIMITS.metadataBytes + 1, max: 4 * LIMITS.metadataBytes }))
    .map(
      ([n, bytes]) =>
        new RefusedCreate(
          'metadata too large',
          n,
          JSON.stringify({ name: n, metadata: { blob: 'x'.repeat(bytes - 11) } }),
          'invalid_request',
          /metadata is [\d ]+ bytes serialized; the limit is 16 384 bytes/,
        ),
    ),
  fc
    .tuple(name, fc.integer({ min: LIMITS.metadataDepth + 1, max: 40 }))
    .map(
      ([n, levels]) =>
        new RefusedCreate(
          'metadata too deep',
          n,
          JSON.stringify({ name: n, metadata: nested(levels) }),
          'invalid_request',
          /metadata is nested more than 8 levels deep/,
        ),
    ),
  fc.tuple(name, fc.integer({ min: LIMITS.metadataKeys + 1, max: 600 })).map(
    ([n, keys]) =>
      new RefusedCreate(
        'too many keys',
        n,
        JSON.stringify({
          name: n,
          metadata: Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i])),
        }),
        'invalid_request',
        new RegExp(`metadata has ${keys} keys; the limit is ${LIMITS.metadataKeys}`),
      ),
  ),
  fc
    .tuple(name, fc.integer({ min: LIMITS.metadataKeyLength + 1, max: 1_000 }))
    .map(
      ([n, length]) =>
        new RefusedCreate(
          'key too long',
          n,
          JSON.stringify({ name: n, metadata: { ok: { ['k'.repeat(length)]: true } } }),
          'invalid_request',
          /metadata has a key of [\d ]+ characters/,
        ),
    ),
  fc
    .tuple(name, fc.integer({ min: LIMITS.bodyJsonDepth, max: 5_000 }))
    .map(
      ([n, levels]) =>
        new RefusedCreate(
          'body nested too deep',
          n,
          `{"name":"${n}","metadata":{"a":${'['.repeat(levels)}${']'.repeat(levels)}}}`,
          'too_deep',
          /more than 64 levels deep/,
        ),
    ),
  fc
    .tuple(name, fc.integer({ min: LIMITS.sessionNameLength + 1, max: 300 }))
    .map(
      ([n, length]) =>
        new RefusedCreate(
          'name too long',
          n,
          JSON.stringify({ name: n.padEnd(length, 'x'), metadata: {} }),
          'invalid_request',
          new RegExp(`name is ${length} characters long; the limit is ${LIMITS.sessionNameLength}`),
        ),
    ),
);

const commands = fc.commands(
  [
    fc.tuple(name, validMetadata, fc.boolean()).map(([n, m, reuse]) => new Create(n, m, reuse)),
    refused,
    fc.tuple(name, fc.boolean()).map(([n, keep]) => new Delete(n, keep)),
  ],
  { maxCommands: MAX_COMMANDS },
);

// ---- the property -------------------------------------------------------------------------------

/** Each run starts from no session at all, so the model starts empty. */
async function cleanSlate(): Promise<void> {
  for (const n of NAMES) {
    const res = await t.api('DELETE', `/sessions/${n}?keepState=false`);
    expect([200, 404]).toContain(res.status);
  }
  await checkRegistry({ sessions: new Map() });
}

it(`${RUNS} random sequences of creates and deletes: no 5xx, registry within ${REGISTRY_FACTOR} × metadataBytes per session`, async () => {
  const started = Date.now();
  const seed = Number(process.env.MB_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
  await fc.assert(
    fc.asyncProperty(commands, async (cmds) => {
      await cleanSlate();
      await fc.asyncModelRun(() => ({ model: { sessions: new Map() }, real: { t } }), cmds);
    }),
    // A failure is reported as it happened: shrinking would replay sessions on a shared server.
    { numRuns: RUNS, seed, endOnFailure: true, verbose: true },
  );
  console.log(
    `bounds property: ${RUNS} runs, ${commandsRun} commands (${[...seen].map(([k, v]) => `${k} ${v}`).join(', ')}), ` +
      `seed ${seed}, worst registry size ${worstRatio.toFixed(2)} × metadataBytes per record, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  // About 120 creates and deletes of real sessions: 30 s on a quiet machine, 160 s beside a second suite.
}, 600_000);
