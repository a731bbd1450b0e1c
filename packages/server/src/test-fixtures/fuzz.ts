// A seeded, reproducible HTTP fuzzer over the route table of @marketbridge/api-types. It writes
// raw requests to a TCP socket (so paths, headers and bodies can be anything, not only what
// node:http lets a client send) and reads back the status line. Used by fuzz.test.ts (a few hundred
// cases) and fuzz.slow.test.ts (MB_FUZZ_CASES, thousands).
import { connect } from 'node:net';
import { ProxySchema, routes, seededRandom } from '@marketbridge/api-types';
import { checkNavigableUrl } from '@marketbridge/browser-manager';

export interface FuzzContext {
  /** host:port of the server. */
  host: string;
  token: string;
  /** Id and name of the session action routes may hit. */
  victimId: string;
  victimName: string;
  /** A loopback page the browser may visit. */
  pageUrl: string;
}

export interface FuzzCase {
  n: number;
  route: string;
  method: string;
  path: string;
  headers: [string, string][];
  body: Buffer | undefined;
}

/** Valid bodies per route, mutated by the fuzzer. Timeouts short: the fuzz must not wait minutes. */
function validBodies(ctx: FuzzContext): Record<string, Record<string, unknown>> {
  return {
    createSession: { name: 'fuzz-a', url: ctx.pageUrl, viewport: { width: 800, height: 600 }, reuse: true },
    cleanupSessions: { maxAgeHours: 1000 },
    navigate: { url: ctx.pageUrl, waitUntil: 'load', timeoutMs: 1500 },
    screenshot: { fullPage: false, type: 'jpeg', quality: 10 },
    execute: { script: 'return args[0]', args: [1], timeoutMs: 1000 },
    interact: { action: 'fill', selector: '#name', value: 'x', timeoutMs: 500 },
    wait: { for: 'timeout', ms: 1 },
    input: { type: 'press', key: 'Tab' },
    history: { action: 'reload', timeoutMs: 1500 },
    openPage: { url: ctx.pageUrl },
    activatePage: {},
    pdf: { format: 'A4', landscape: true },
    cdpTicket: {},
    devtoolsLink: {},
    createLoginCode: {},
    exchangeLoginCode: { code: 'abc' },
    addCookies: { cookies: [{ name: 'fuzz', value: '1', url: ctx.pageUrl, sameSite: 'Lax' }] },
    cloneSession: { name: 'fuzz-clone', withPages: true },
  };
}

/** Percent-encodes every byte of the UTF-8 form (lone surrogates become U+FFFD). */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

export function generateCases(seed: number, count: number, ctx: FuzzContext): FuzzCase[] {
  // The same seed gives the same cases on every machine: a failure printed with its seed replays.
  const rnd = seededRandom(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const chance = (p: number) => rnd() < p;
  const entries = Object.entries(routes);
  const bodies = validBodies(ctx);
  // Valid profile options, for mutations of a create body to start from (a proxy is added by tame's rule only when invalid).
  bodies.createSession = {
    ...bodies.createSession,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    colorScheme: 'dark',
    extraHTTPHeaders: { 'X-Fuzz': '1' },
    geolocation: { latitude: 1, longitude: 2 },
    permissions: ['geolocation'],
    storageState: { cookies: [], origins: [] },
  };

  const randomString = (max: number) => {
    const alphabet = [
      'a',
      'Z',
      '0',
      ' ',
      '/',
      '\\',
      '%',
      '"',
      "'",
      '<',
      '>',
      '\u0000',
      '\n',
      'é',
      '😀',
      '\ud800',
      '.',
      '#',
      '?',
    ];
    let s = '';
    const len = int(max + 1);
    for (let i = 0; i < len; i++) s += pick(alphabet);
    return s;
  };
  const scalars: unknown[] = [
    null,
    true,
    false,
    0,
    -1,
    1,
    0.5,
    -0.0,
    99,
    100,
    101,
    600_000,
    600_001,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 53 + 2,
    '',
    ' ',
    'a',
    'x'.repeat(64),
    'x'.repeat(65),
    'x'.repeat(129),
    'x'.repeat(8193),
    '\u0000',
    '\ud800',
    '😀',
    '../../etc/passwd',
    '__proto__',
    'constructor',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'chrome://crash',
    'about:blank',
    ctx.pageUrl,
    `${ctx.pageUrl}#x`,
    'http://[::1',
    'http://%zz/',
    '1',
    'true',
    '{}',
  ];
  const randomValue = (depth = 0): unknown => {
    const r = rnd();
    if (r < 0.55 || depth > 2) return pick(scalars);
    if (r < 0.7) return randomString(40);
    if (r < 0.85) return Array.from({ length: int(4) }, () => randomValue(depth + 1));
    return Object.fromEntries(Array.from({ length: int(4) }, () => [randomKey(), randomValue(depth + 1)]));
  };
  const keys = [
    'name',
    'url',
    'script',
    'args',
    'timeoutMs',
    'action',
    'selector',
    'value',
    'for',
    'ms',
    'type',
    'key',
    'x',
    'y',
    'deltaY',
    'headless',
    'viewport',
    'browserType',
    'metadata',
    'reuse',
    'maxAgeHours',
    'fullPage',
    'quality',
    'save',
    'waitUntil',
    'text',
    'expression',
    'state',
    'code',
    'ttlSeconds',
    'userAgent',
    'locale',
    'timezoneId',
    'geolocation',
    'permissions',
    'colorScheme',
    'extraHTTPHeaders',
    'deviceScaleFactor',
    'device',
    'proxy',
    'storageState',
    'cookies',
    'withPages',
    '__proto__',
    'constructor',
    'toString',
    '',
  ];
  const randomKey = () => (chance(0.8) ? pick(keys) : randomString(10));

  /** Keeps a mutated body from legitimately waiting minutes or needing a browser the machine lacks. */
  const tame = (body: Record<string, unknown>) => {
    for (const k of ['ms', 'timeoutMs'] as const) {
      const v = body[k];
      if (typeof v === 'number' && v > 1500 && v <= 600_000) body[k] = 1500;
    }
    // Only loopback traffic: a URL the server would accept must point at the test site.
    if (typeof body.url === 'string') {
      try {
        const host = new URL(checkNavigableUrl(body.url, false)).hostname;
        if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') body.url = ctx.pageUrl;
      } catch {}
    }
    // A proxy the server accepts would send the session's traffic nowhere (a 502 for its first page):
    // only refused ones are kept.
    if (ProxySchema.safeParse(body.proxy).success) delete body.proxy;
    if (body.headless === false) body.headless = true;
    if (typeof body.browserType === 'string' && body.browserType !== 'chromium')
      body.browserType = 'chromium';
    if (typeof body.maxAgeHours === 'number' && body.maxAgeHours >= 0 && body.maxAgeHours < 1)
      body.maxAgeHours = 1;
    return body;
  };

  const bodyFor = (route: string): Buffer | undefined => {
    const r = rnd();
    const base = bodies[route] ?? {};
    if (r < 0.45) {
      // Structured mutation of a valid body.
      const body: Record<string, unknown> = structuredClone(base);
      const edits = 1 + int(3);
      for (let i = 0; i < edits; i++) {
        const ks = Object.keys(body);
        const e = rnd();
        if (e < 0.3 && ks.length > 0) delete body[pick(ks)];
        else if (e < 0.75 && ks.length > 0) body[pick(ks)] = randomValue();
        else body[randomKey()] = randomValue();
      }
      return Buffer.from(JSON.stringify(tame(body)));
    }
    if (r < 0.55) return Buffer.from(JSON.stringify(tame(structuredClone(base))));
    if (r < 0.7) return Buffer.from(JSON.stringify(randomValue()) ?? 'null');
    const raw = [
      '',
      '{',
      '{"a":',
      'null',
      '[]',
      '"x"',
      '1e999',
      '{"__proto__":{"polluted":1}}',
      '{"constructor":{"prototype":{"x":1}}}',
      deepArray(100_000),
      deepObject(10_000),
      `{"script":"${'\\u0000'.repeat(1000)}"}`,
      '{"a":1,"a":2}',
      '\ufeff{}',
      '{}garbage',
      'x'.repeat(70_000),
    ];
    if (chance(0.85)) return Buffer.from(pick(raw));
    // Invalid UTF-8 and random bytes.
    return Buffer.from(Array.from({ length: int(64) }, () => int(256)));
  };

  const idFor = () =>
    pick([
      ctx.victimId,
      ctx.victimName,
      ctx.victimName,
      'ghost',
      '',
      '.',
      '..',
      '%2e%2e',
      '%00',
      '%',
      '%zz',
      '%ff',
      '%E2%82%AC',
      encodeURIComponent('😀'),
      'x'.repeat(64),
      'x'.repeat(65),
      'x'.repeat(5000),
      'a%2Fb',
      'a/b',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      '%20',
      '+',
      'victim%00',
      pct(randomString(12)),
    ]);

  const queryFor = () => {
    if (chance(0.6)) return '';
    const parts = Array.from({ length: 1 + int(3) }, () => {
      const k = pick([
        'name',
        'active',
        'keepState',
        'limit',
        'quality',
        'maxWidth',
        'token',
        'access_token',
        'url',
        'domain',
        'path',
        '__proto__',
        'x',
      ]);
      const v = pick([
        'true',
        'false',
        'yes',
        '',
        '0',
        '-1',
        '1e3',
        '%zz',
        'victim',
        'x'.repeat(300),
        '%00',
        '[]',
      ]);
      return chance(0.1) ? k : `${k}=${v}`;
    });
    return `?${parts.join('&')}`;
  };

  const out: FuzzCase[] = [];
  for (let n = 0; n < count; n++) {
    const [route, def] = pick(entries);
    let method: string = def.method;
    if (chance(0.1))
      method = pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'FOO']);
    let path: string = def.path;
    if (path.includes(':id')) {
      let id = idFor();
      // Deleting the victim would only make every later case a 404.
      if (method === 'DELETE' && (id === ctx.victimId || id === ctx.victimName)) id = 'ghost';
      path = path.replace(':id', id);
    }
    if (chance(0.05))
      path = pick([`${path}/`, `/${path}`, path.toUpperCase(), `${path}/extra`, `${path}%2F`, `${path};x`]);
    if (chance(0.03))
      path = pick([
        '/',
        '*',
        '/openapi.json',
        '/metrics',
        '/dashboard',
        '/../../etc/passwd',
        `/${'a'.repeat(10_000)}`,
      ]);
    path += queryFor();

    const headers: [string, string][] = [];
    const hostValue = chance(0.9)
      ? ctx.host
      : pick([
          'evil.example',
          '',
          'localhost',
          `localhost:${ctx.host.split(':')[1]}`,
          '[::1]',
          'LOCALHOST',
          '127.0.0.1.nip.io',
          'x'.repeat(300),
        ]);
    if (chance(0.98)) headers.push(['Host', hostValue]);
    if (chance(0.2))
      headers.push([
        'Origin',
        pick([`http://${ctx.host}`, 'null', 'http://evil.example', '', 'http://localhost', 'file://']),
      ]);
    if (!def.auth || chance(0.9)) {
      if (chance(0.9)) headers.push(['Authorization', `Bearer ${ctx.token}`]);
      else
        headers.push([
          'Authorization',
          pick([
            '',
            'Bearer',
            'Bearer ',
            `bearer ${ctx.token}`,
            ctx.token,
            `Bearer ${ctx.token}x`,
            `Bearer ${'x'.repeat(10_000)}`,
            'Basic Og==',
          ]),
        ]);
    }
    let body: Buffer | undefined;
    const wantsBody = 'body' in def || chance(0.1);
    if (wantsBody) {
      body = bodyFor(route);
      const ct = chance(0.85)
        ? 'application/json'
        : pick([
            'application/json; charset=utf-8',
            'APPLICATION/JSON',
            'text/plain',
            'application/json; charset=latin1',
            'multipart/form-data; boundary=x',
            'application/merge-patch+json',
            '',
            'application/x-www-form-urlencoded',
          ]);
      if (chance(0.97)) headers.push(['Content-Type', ct]);
      if (chance(0.03)) headers.push(['Content-Encoding', pick(['gzip', 'deflate', 'br', 'bogus'])]);
    }
    if (chance(0.03))
      headers.push([
        pick(['X-Forwarded-For', 'X-Forwarded-Host', 'Accept', 'Cookie']),
        [...randomString(30)].filter((ch) => ch.charCodeAt(0) >= 32).join(''),
      ]);
    out.push({ n, route, method, path, headers, body });
  }
  return out;
}

export interface FuzzResponse {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Writes one request to a fresh TCP connection (Connection: close, exact Content-Length) and reads
 * the answer. Event streams are cut off once their headers are in. Rejects on timeout.
 */
export function sendRaw(c: FuzzCase, hostPort: string, timeoutMs = 15_000): Promise<FuzzResponse> {
  const [host, port] = [
    hostPort.slice(0, hostPort.lastIndexOf(':')),
    Number(hostPort.slice(hostPort.lastIndexOf(':') + 1)),
  ];
  const head = [
    `${c.method} ${c.path} HTTP/1.1`,
    ...c.headers.map(([k, v]) => `${k}: ${v}`),
    'Connection: close',
  ];
  if (c.body) head.push(`Content-Length: ${c.body.length}`);
  const bytes = Buffer.concat([
    Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'),
    c.body ?? Buffer.alloc(0),
  ]);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) return reject(err);
      const text = Buffer.concat(chunks).toString('utf8');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!m) return reject(new Error(`no status line in answer: ${JSON.stringify(text.slice(0, 200))}`));
      const split = text.indexOf('\r\n\r\n');
      const headText = split >= 0 ? text.slice(0, split) : text;
      const contentType = /\r\ncontent-type: *([^\r\n]*)/i.exec(headText)?.[1] ?? '';
      resolve({ status: Number(m[1]), contentType, body: split >= 0 ? text.slice(split + 4) : '' });
    };
    const timer = setTimeout(
      () => finish(new Error(`case ${c.n}: no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      const text = Buffer.concat(chunks).toString('latin1');
      if (/\r\ncontent-type: *text\/event-stream/i.test(text) && text.includes('\r\n\r\n')) finish();
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (err) => {
      // The server may answer and close before reading the whole body (413, parse errors): keep the answer.
      if (chunks.length > 0) finish();
      else finish(err);
    });
  });
}

export function describeCase(c: FuzzCase): string {
  const body =
    c.body === undefined
      ? ''
      : ` body=${JSON.stringify(c.body.subarray(0, 200).toString('utf8'))}${c.body.length > 200 ? `…(${c.body.length} bytes)` : ''}`;
  return `#${c.n} ${c.route}: ${c.method} ${c.path.slice(0, 200)} headers=${JSON.stringify(c.headers.map(([k, v]) => [k, v.slice(0, 60)]))}${body}`;
}

export interface FuzzRunOptions {
  seed: number;
  count: number;
  ctx: FuzzContext;
  /** Registry bytes now (after pending writes are flushed). */
  registry: () => Promise<string>;
  log?: (line: string) => void;
  /** Requests in flight at once (default 1). Above 1 the registry check is skipped: other cases may change it. */
  concurrency?: number;
}

export interface FuzzReport {
  cases: number;
  byStatus: Record<number, number>;
  /** What went wrong, one line per failing case (empty when all passed). */
  failures: string[];
}

/**
 * Sends `count` cases one after another. A case fails on: no answer (hang or reset), a 5xx, an
 * error answer that is JSON but not the error body, or — for a rejection (4xx but 408/422) — any
 * change of the registry file's bytes.
 */
/**
 * Answers that reject a request before it reaches a session. (408 and 422 come from a page that ran
 * the request and failed: the session's lastActivity moves, so the registry may change.)
 */
const rejections = new Set([400, 401, 403, 404, 405, 409, 411, 413, 414, 415, 429, 431]);

export async function runFuzz(o: FuzzRunOptions): Promise<FuzzReport> {
  const cases = generateCases(o.seed, o.count, o.ctx);
  const byStatus: Record<number, number> = {};
  const failures: string[] = [];
  const concurrency = o.concurrency ?? 1;
  const queue = [...cases];
  const one = async (c: FuzzCase) => {
    const before = concurrency === 1 ? await o.registry() : '';
    let res: FuzzResponse;
    try {
      res = await sendRaw(c, o.ctx.host);
    } catch (err) {
      failures.push(`${describeCase(c)} → ${(err as Error).message}`);
      return;
    }
    byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
    if (res.status >= 500) failures.push(`${describeCase(c)} → ${res.status} ${res.body.slice(0, 300)}`);
    if (res.status >= 400 && res.contentType.includes('json') && c.method !== 'HEAD') {
      let ok = false;
      try {
        const parsed = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
        ok = typeof parsed.error?.code === 'string' && typeof parsed.error.message === 'string';
      } catch {}
      if (!ok)
        failures.push(`${describeCase(c)} → ${res.status} without the error body: ${res.body.slice(0, 200)}`);
    }
    if (rejections.has(res.status) && concurrency === 1) {
      const after = await o.registry();
      if (after !== before) failures.push(`${describeCase(c)} → ${res.status} but the registry file changed`);
    }
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let c = queue.shift(); c && failures.length <= 20; c = queue.shift()) await one(c);
    }),
  );
  o.log?.(
    `fuzz seed=${o.seed} cases=${cases.length} statuses=${JSON.stringify(byStatus)} failures=${failures.length}`,
  );
  return { cases: cases.length, byStatus, failures };
}
