// Every bound of api-types' LIMITS, over HTTP: one request just past each answers a clear 4xx whose
// message names the field and the limit, and nothing is lost — the registry file's bytes, the live
// sessions and an existing session's metadata are exactly as before. Then the raw-body depth bound
// (refused before anything parses the body), and the docs' table of limits.
import { existsSync, readFileSync } from 'node:fs';
import { ErrorBodySchema, type ErrorCode, errorStatus, formatLimit, LIMITS } from '@marketbridge/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './test-fixtures/server.js';

let t: TestServer;
const METADATA = { owner: 'desk-1', tags: ['a', 'b'], nested: { level: 2 } };

beforeAll(async () => {
  t = await startServer({ backgroundIntervalMs: 600_000, authThrottle: false });
  expect((await t.api('POST', '/sessions', { name: 'victim', metadata: METADATA })).status).toBe(201);
  await t.server.flush();
});

afterAll(async () => {
  await t?.close();
  t?.home.remove();
});

interface Case {
  title: string;
  method: string;
  path: string;
  /** JSON-encoded unless a string (sent as is). */
  body?: unknown;
  code?: ErrorCode;
  /** What the message must say: the field and the limit. */
  says: RegExp;
}

const n = formatLimit;
const over = (limit: number) => 'x'.repeat(limit + 1);
/** `{ "a": { "a": ... 1 } }`, `levels` objects deep. */
function nestedObject(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = { a: 1 };
  for (let i = 1; i < levels; i++) v = { a: v };
  return v;
}
const deepArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

const cases: Case[] = [
  // ---- createSession ----
  {
    title: 'name one character too long',
    method: 'POST',
    path: '/sessions',
    body: { name: `a${over(LIMITS.sessionNameLength - 1)}` },
    says: new RegExp(
      `^Invalid request body: name is ${LIMITS.sessionNameLength + 1} characters long; the limit is ${LIMITS.sessionNameLength}$`,
    ),
  },
  {
    title: 'metadata of 70 000 bytes',
    method: 'POST',
    path: '/sessions',
    body: { name: 'big', metadata: { blob: 'x'.repeat(70_000 - 11) } },
    says: /metadata is 70 000 bytes serialized; the limit is 16 384 bytes/,
  },
  {
    title: 'metadata one byte over',
    method: 'POST',
    path: '/sessions',
    // {"blob":"..."}: 11 bytes around the string.
    body: { name: 'big', metadata: { blob: 'é'.repeat(Math.ceil((LIMITS.metadataBytes - 10) / 2)) } },
    says: new RegExp(
      `metadata is ${n(LIMITS.metadataBytes + 1)} bytes serialized; the limit is ${n(LIMITS.metadataBytes)} bytes`,
    ),
  },
  {
    title: 'metadata one level too deep',
    method: 'POST',
    path: '/sessions',
    body: { name: 'deep', metadata: nestedObject(LIMITS.metadataDepth + 1) },
    says: new RegExp(
      `metadata is nested more than ${LIMITS.metadataDepth} levels deep; the limit is ${LIMITS.metadataDepth} levels`,
    ),
  },
  {
    title: 'metadata with too many keys, counted over every object',
    method: 'POST',
    path: '/sessions',
    body: {
      name: 'keys',
      metadata: Object.fromEntries(
        [0, 1].map((i) => [
          `o${i}`,
          Object.fromEntries(Array.from({ length: LIMITS.metadataKeys / 2 }, (_, k) => [`k${k}`, k])),
        ]),
      ),
    },
    says: new RegExp(`metadata has ${LIMITS.metadataKeys + 2} keys; the limit is ${LIMITS.metadataKeys}`),
  },
  {
    title: 'metadata with a long key, nested',
    method: 'POST',
    path: '/sessions',
    body: { name: 'key', metadata: { ok: { [over(LIMITS.metadataKeyLength)]: 1 } } },
    says: new RegExp(
      `metadata has a key of ${LIMITS.metadataKeyLength + 1} characters .*; the limit is ${LIMITS.metadataKeyLength}`,
    ),
  },
  {
    title: 'url one character too long',
    method: 'POST',
    path: '/sessions',
    body: { name: 'url', url: `http://127.0.0.1:9/${over(LIMITS.urlLength - 19)}` },
    says: new RegExp(`url is ${LIMITS.urlLength + 1} characters long; the limit is ${LIMITS.urlLength}`),
  },
  {
    title: 'viewport too wide and too short',
    method: 'POST',
    path: '/sessions',
    body: { name: 'vp', viewport: { width: LIMITS.viewportMax + 1, height: LIMITS.viewportMin - 1 } },
    says: new RegExp(
      `viewport.width is ${n(LIMITS.viewportMax + 1)} CSS pixels; the limit is ${n(LIMITS.viewportMax)} CSS pixels; ` +
        `viewport.height is ${LIMITS.viewportMin - 1} CSS pixels; the minimum is ${LIMITS.viewportMin} CSS pixels`,
    ),
  },
  // ---- paths and queries ----
  {
    title: 'session id too long',
    method: 'GET',
    path: `/sessions/${over(LIMITS.sessionIdLength)}`,
    says: new RegExp(
      `^Invalid path parameters: id is ${LIMITS.sessionIdLength + 1} characters long; the limit is ${LIMITS.sessionIdLength}$`,
    ),
  },
  {
    title: 'list filter name too long',
    method: 'GET',
    path: `/sessions?name=${over(LIMITS.sessionNameLength)}`,
    says: new RegExp(`^Invalid query: name is ${LIMITS.sessionNameLength + 1} characters long`),
  },
  {
    title: 'console limit too high',
    method: 'GET',
    path: `/sessions/victim/console?limit=${LIMITS.consoleEntries + 1}`,
    says: new RegExp(
      `limit is ${n(LIMITS.consoleEntries + 1)} entries; the limit is ${n(LIMITS.consoleEntries)} entries`,
    ),
  },
  {
    title: 'frames larger than the frame bound',
    method: 'GET',
    path: `/sessions/victim/frames?maxWidth=${LIMITS.frameSize + 1}`,
    says: new RegExp(`maxWidth is ${LIMITS.frameSize + 1} px; the limit is ${LIMITS.frameSize} px`),
  },
  // ---- scripts and their args ----
  {
    title: 'script one character too long',
    method: 'POST',
    path: '/sessions/victim/execute',
    body: { script: over(LIMITS.scriptLength) },
    says: new RegExp(
      `script is ${n(LIMITS.scriptLength + 1)} characters long; the limit is ${n(LIMITS.scriptLength)}`,
    ),
  },
  {
    title: 'args with one item too many',
    method: 'POST',
    path: '/sessions/victim/execute',
    body: { script: 'args.length', args: Array(LIMITS.scriptArgsItems + 1).fill(0) },
    says: new RegExp(`args has ${LIMITS.scriptArgsItems + 1} items; the limit is ${LIMITS.scriptArgsItems}`),
  },
  {
    title: 'args too large serialized',
    method: 'POST',
    path: '/sessions/victim/execute',
    body: { script: 'args.length', args: ['x'.repeat(LIMITS.scriptArgsBytes)] },
    says: new RegExp(
      `args is ${n(LIMITS.scriptArgsBytes + 4)} bytes serialized; the limit is ${n(LIMITS.scriptArgsBytes)} bytes`,
    ),
  },
  {
    title: 'a function wait expression too long',
    method: 'POST',
    path: '/sessions/victim/wait',
    body: { for: 'function', expression: over(LIMITS.waitExpressionLength) },
    says: new RegExp(`expression is ${n(LIMITS.waitExpressionLength + 1)} characters long`),
  },
  // ---- the other strings and numbers ----
  {
    title: 'navigate timeoutMs too long',
    method: 'POST',
    path: '/sessions/victim/navigate',
    body: { url: 'http://127.0.0.1:9/', timeoutMs: LIMITS.timeoutMs + 1 },
    says: new RegExp(`timeoutMs is ${n(LIMITS.timeoutMs + 1)} ms; the limit is ${n(LIMITS.timeoutMs)} ms`),
  },
  {
    title: 'navigate url too long',
    method: 'POST',
    path: '/sessions/victim/navigate',
    body: { url: over(LIMITS.urlLength) },
    says: /url is 8193 characters long; the limit is 8192/,
  },
  {
    title: 'interact selector too long',
    method: 'POST',
    path: '/sessions/victim/interact',
    body: { action: 'click', selector: over(LIMITS.selectorLength) },
    says: new RegExp(
      `selector is ${LIMITS.selectorLength + 1} characters long; the limit is ${LIMITS.selectorLength}`,
    ),
  },
  {
    title: 'interact fill value too long',
    method: 'POST',
    path: '/sessions/victim/interact',
    body: { action: 'fill', selector: '#a', value: over(LIMITS.interactValueLength) },
    says: new RegExp(
      `value is ${n(LIMITS.interactValueLength + 1)} characters long; the limit is ${n(LIMITS.interactValueLength)}`,
    ),
  },
  {
    title: 'select with too many options',
    method: 'POST',
    path: '/sessions/victim/interact',
    body: { action: 'select', selector: '#s', value: Array(LIMITS.selectOptionsItems + 1).fill('o') },
    says: new RegExp(
      `value has ${LIMITS.selectOptionsItems + 1} items; the limit is ${LIMITS.selectOptionsItems}`,
    ),
  },
  {
    title: 'select with an option too long',
    method: 'POST',
    path: '/sessions/victim/interact',
    body: { action: 'select', selector: '#s', value: ['a', over(LIMITS.selectOptionLength)] },
    says: new RegExp(
      `value.1 is ${n(LIMITS.selectOptionLength + 1)} characters long; the limit is ${n(LIMITS.selectOptionLength)}`,
    ),
  },
  {
    title: 'wait text too long',
    method: 'POST',
    path: '/sessions/victim/wait',
    body: { for: 'text', text: over(LIMITS.waitTextLength) },
    says: new RegExp(`text is ${n(LIMITS.waitTextLength + 1)} characters long`),
  },
  {
    title: 'fixed wait too long',
    method: 'POST',
    path: '/sessions/victim/wait',
    body: { for: 'timeout', ms: LIMITS.timeoutMs + 1 },
    says: new RegExp(`ms is ${n(LIMITS.timeoutMs + 1)} ms; the limit is ${n(LIMITS.timeoutMs)} ms`),
  },
  {
    title: 'screenshot jpeg quality too high',
    method: 'POST',
    path: '/sessions/victim/screenshot',
    body: { type: 'jpeg', quality: LIMITS.jpegQuality + 1 },
    says: new RegExp(`quality is ${LIMITS.jpegQuality + 1}; the limit is ${LIMITS.jpegQuality}`),
  },
  {
    title: 'input text too long',
    method: 'POST',
    path: '/sessions/victim/input',
    body: { type: 'type', text: over(LIMITS.inputTextLength) },
    says: new RegExp(`text is ${n(LIMITS.inputTextLength + 1)} characters long`),
  },
  {
    title: 'input key too long',
    method: 'POST',
    path: '/sessions/victim/input',
    body: { type: 'press', key: over(LIMITS.inputKeyLength) },
    says: new RegExp(
      `key is ${LIMITS.inputKeyLength + 1} characters long; the limit is ${LIMITS.inputKeyLength}`,
    ),
  },
  {
    title: 'input click outside the coordinates',
    method: 'POST',
    path: '/sessions/victim/input',
    body: { type: 'click', x: LIMITS.coordinate + 1, y: 1, clickCount: LIMITS.clickCount + 1 },
    says: new RegExp(
      `x is ${n(LIMITS.coordinate + 1)} CSS pixels; the limit is ${n(LIMITS.coordinate)} CSS pixels; clickCount is ${LIMITS.clickCount + 1}; the limit is ${LIMITS.clickCount}`,
    ),
  },
  {
    title: 'input wheel delta too far up',
    method: 'POST',
    path: '/sessions/victim/input',
    body: { type: 'wheel', deltaY: -LIMITS.wheelDelta - 1 },
    says: new RegExp(
      `deltaY is -${n(LIMITS.wheelDelta + 1)} CSS pixels; the minimum is -${n(LIMITS.wheelDelta)} CSS pixels`,
    ),
  },
  {
    title: 'cleanup maxAgeHours too long',
    method: 'POST',
    path: '/sessions/cleanup',
    body: { maxAgeHours: LIMITS.cleanupMaxAgeHours + 1 },
    says: new RegExp(
      `maxAgeHours is ${n(LIMITS.cleanupMaxAgeHours + 1)} hours; the limit is ${n(LIMITS.cleanupMaxAgeHours)} hours`,
    ),
  },
  {
    title: 'login code ttl too long',
    method: 'POST',
    path: '/auth/codes',
    body: { ttlSeconds: LIMITS.loginCodeTtlSeconds + 1 },
    says: new RegExp(
      `ttlSeconds is ${LIMITS.loginCodeTtlSeconds + 1} s; the limit is ${LIMITS.loginCodeTtlSeconds} s`,
    ),
  },
  {
    title: 'login code too long',
    method: 'POST',
    path: '/auth/exchange',
    body: { code: over(LIMITS.loginCodeLength) },
    says: new RegExp(
      `code is ${LIMITS.loginCodeLength + 1} characters long; the limit is ${LIMITS.loginCodeLength}`,
    ),
  },
  // ---- profiles: create options, cookies, storage state, clone ----
  {
    title: 'a user agent one character too long',
    method: 'POST',
    path: '/sessions',
    body: { name: 'ua', userAgent: over(LIMITS.userAgentLength) },
    says: new RegExp(
      `userAgent is ${LIMITS.userAgentLength + 1} characters long; the limit is ${LIMITS.userAgentLength}`,
    ),
  },
  {
    title: 'one extra header too many, and a header value too long',
    method: 'POST',
    path: '/sessions',
    body: {
      name: 'hdr',
      extraHTTPHeaders: Object.fromEntries(
        Array.from({ length: LIMITS.extraHeaders + 1 }, (_, i) => [
          `x-${i}`,
          i === 0 ? over(LIMITS.headerValueLength) : '1',
        ]),
      ),
    },
    says: new RegExp(
      `extraHTTPHeaders\\.x-0 is ${n(LIMITS.headerValueLength + 1)} characters long; the limit is ${n(LIMITS.headerValueLength)}; ` +
        `extraHTTPHeaders has ${LIMITS.extraHeaders + 1} headers; the limit is ${LIMITS.extraHeaders}`,
    ),
  },
  {
    title: 'a proxy password one character too long',
    method: 'POST',
    path: '/sessions',
    body: { name: 'px', proxy: { server: 'http://127.0.0.1:9', password: over(LIMITS.credentialLength) } },
    says: new RegExp(`proxy\\.password is ${n(LIMITS.credentialLength + 1)} characters long`),
  },
  {
    title: 'a storage state with one origin too many',
    method: 'POST',
    path: '/sessions',
    body: {
      name: 'st',
      storageState: {
        cookies: [],
        origins: Array.from({ length: LIMITS.storageOrigins + 1 }, (_, i) => ({
          origin: `http://o${i}.test`,
          localStorage: [],
        })),
      },
    },
    says: new RegExp(
      `storageState\\.origins has ${n(LIMITS.storageOrigins + 1)} items; the limit is ${n(LIMITS.storageOrigins)}`,
    ),
  },
  {
    title: 'one cookie too many',
    method: 'POST',
    path: '/sessions/victim/cookies',
    body: {
      cookies: Array(LIMITS.cookiesItems + 1).fill({ name: 'a', value: '1', url: 'http://127.0.0.1:9/' }),
    },
    says: new RegExp(
      `cookies has ${n(LIMITS.cookiesItems + 1)} items; the limit is ${n(LIMITS.cookiesItems)}`,
    ),
  },
  {
    title: 'a cookie value one character too long',
    method: 'POST',
    path: '/sessions/victim/cookies',
    body: { cookies: [{ name: 'a', value: over(LIMITS.cookieValueLength), url: 'http://127.0.0.1:9/' }] },
    says: new RegExp(`cookies\\.0\\.value is ${n(LIMITS.cookieValueLength + 1)} characters long`),
  },
  {
    title: 'a clone name one character too long',
    method: 'POST',
    path: '/sessions/victim/clone',
    body: { name: `a${over(LIMITS.sessionNameLength - 1)}` },
    says: new RegExp(
      `name is ${LIMITS.sessionNameLength + 1} characters long; the limit is ${LIMITS.sessionNameLength}`,
    ),
  },
  {
    title: 'a cookie filter one character too long',
    method: 'DELETE',
    path: `/sessions/victim/cookies?domain=${over(LIMITS.cookieAttributeLength)}`,
    says: new RegExp(`^Invalid query: domain is ${n(LIMITS.cookieAttributeLength + 1)} characters long`),
  },

  // ---- the raw body's nesting ----
  {
    title: 'metadata nesting 5 000 arrays (once a stack overflow in the registry)',
    method: 'POST',
    path: '/sessions',
    body: `{"name":"deep-arrays","metadata":{"a":${deepArrays(5_000)}}}`,
    code: 'too_deep',
    says: new RegExp(
      `^The request body nests arrays and objects more than ${LIMITS.bodyJsonDepth} levels deep .*the limit is ${LIMITS.bodyJsonDepth} levels\\.$`,
    ),
  },
  {
    title: 'a body of 100 000 nested objects',
    method: 'POST',
    path: '/sessions/victim/execute',
    body: `{"script":"1","args":[${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}]}`,
    code: 'too_deep',
    says: /more than 64 levels deep/,
  },
  {
    title: 'args one level past the body bound',
    method: 'POST',
    path: '/sessions/victim/execute',
    // The body object is level 1, args level 2: 63 more arrays inside make 65.
    body: `{"script":"1","args":[${deepArrays(LIMITS.bodyJsonDepth - 1)}]}`,
    code: 'too_deep',
    says: /more than 64 levels deep/,
  },
];

/** The state that must not change: the registry file's bytes, the live sessions, the victim as listed. */
async function snapshot() {
  await t.server.flush();
  const victim = await t.api<{ metadata: unknown; id: string }>('GET', '/sessions/victim');
  return {
    registry: t.registryText(),
    live: t.server.manager.listSessions().map((s) => ({ id: s.id, name: s.name, metadata: s.metadata })),
    victim: victim.body,
  };
}

describe('every bound answers a clear error and changes nothing', () => {
  it.each(cases)('$title', async (c) => {
    const before = await snapshot();
    const code = c.code ?? 'invalid_request';
    const res = await t.api(c.method, c.path, c.body);
    expect(res.status, JSON.stringify(res.body)).toBe(errorStatus[code]);
    const body = ErrorBodySchema.parse(res.body);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(c.says);
    if (code === 'invalid_request') {
      // details carry the same words, one issue per field.
      expect(JSON.stringify(body.error.details)).toMatch(/"message":"[\w.]+ (is|has) /);
    }
    const after = await snapshot();
    expect(after.registry).toBe(before.registry);
    expect(after.live).toEqual(before.live);
    expect(after.victim).toEqual(before.victim);
  });

  it('left the victim with its metadata, and nothing of the refused names', async () => {
    const victim = await t.api<{ metadata: unknown }>('GET', '/sessions/victim');
    expect(victim.body.metadata).toEqual(METADATA);
    const registry = t.registryJson();
    expect(Object.values(registry.sessions).map((r) => r.session_name)).toEqual(['victim']);
    for (const name of ['big', 'deep', 'keys', 'key', 'url', 'vp', 'deep-arrays']) {
      expect(existsSync(t.home.path('playwright_sessions', `${name}.json`)), name).toBe(false);
    }
  });
});

describe('values at the bounds are accepted', () => {
  it('metadata of exactly the byte, depth and key bounds; a name of exactly 64 characters', async () => {
    const blob = 'x'.repeat(LIMITS.metadataBytes - '{"blob":""}'.length);
    for (const [name, metadata] of [
      ['a'.repeat(LIMITS.sessionNameLength), { blob }],
      ['edge-depth', nestedObject(LIMITS.metadataDepth)],
      ['edge-keys', Object.fromEntries(Array.from({ length: LIMITS.metadataKeys }, (_, k) => [`k${k}`, k]))],
    ] as const) {
      const res = await t.api<{ metadata: unknown }>('POST', '/sessions', { name, metadata });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.metadata).toEqual(metadata);
      expect((await t.api('DELETE', `/sessions/${name}`)).status).toBe(200);
    }
  });

  it('a body nested exactly 64 levels is parsed (and then judged by its schema)', async () => {
    const res = await t.api('POST', '/sessions/victim/execute', {
      script: 'JSON.stringify(args).length',
      args: [JSON.parse(deepArrays(LIMITS.bodyJsonDepth - 2))],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ result: 2 * (LIMITS.bodyJsonDepth - 1) });
  });

  it('brackets inside strings do not count as nesting', async () => {
    const res = await t.api('POST', '/sessions/victim/execute', {
      script: 'args[0].length',
      args: [`${'['.repeat(500)}\\"{{{`],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ result: 505 });
  });
});

describe('the docs', () => {
  it('packages/server/README.md has a row for every limit, with its value', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [name, value] of Object.entries(LIMITS)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\``));
      expect(row, name).toBeDefined();
      expect(row?.split('|')[2]?.trim(), name).toBe(formatLimit(value));
    }
  });
});
