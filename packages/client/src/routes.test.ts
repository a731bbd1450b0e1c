import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  fillPath,
  type HealthResponse,
  type JsonRouteName,
  type RouteName,
  type RouteOutput,
  routes,
  type Session,
} from '@marketbridge/api-types';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { BrowserClient } from './browser-client.js';
import { SessionHandle } from './session-handle.js';
import { startFakeServer } from './test-fixtures/fake-server.js';
import { Transport } from './transport.js';
import { withSession } from './with-session.js';

// Every client method against a recording server that knows only the route table: each request must be
// the route the method stands for, with its method, path, params, query and body as the table's
// schemas take them (the server's own validation). A path or method that drifts from the table fails here.

/** An id that only survives the trip when encoded. */
const ID = 'rec id/1';

const now = new Date(0).toISOString();
/** The page the page routes name. */
const PAGE = 'p-0123456789';
const session: Session = {
  id: ID,
  name: 'rec',
  browserType: 'chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  status: 'active',
  active: true,
  createdAt: now,
  lastActivity: now,
  currentUrl: 'about:blank',
  title: '',
  pageCount: 1,
  metadata: {},
  cdpUrl: `ws://127.0.0.1/sessions/${ID}/cdp`,
};

/** A success body for every JSON route, typed by the table. */
const answers: { [N in JsonRouteName]: RouteOutput<N> } = {
  health: {
    status: 'healthy',
    version: '0',
    uptimeSeconds: 0,
    browsers: [],
    sessions: { total: 1, active: 1, crashed: 0 },
  },
  stats: {
    sessionsCreated: 0,
    sessionsRestored: 0,
    sessionsCrashed: 0,
    sessionsRecycled: 0,
    sessionsDeleted: 0,
    requests: 0,
    errors: 0,
    memory: { rssBytes: 0, heapUsedBytes: 0 },
    browsers: 0,
  },
  createSession: session,
  listSessions: { sessions: [session] },
  cleanupSessions: { deleted: [] },
  getSession: session,
  deleteSession: { id: ID, name: 'rec', deleted: true, stateKept: false },
  cdpVersion: {
    Browser: 'Chrome/1',
    'Protocol-Version': '1.3',
    'User-Agent': 'x',
    webSocketDebuggerUrl: `ws://127.0.0.1/sessions/${ID}/cdp`,
  },
  cdpTicket: { url: `ws://127.0.0.1/sessions/${ID}/cdp?ticket=t`, ticket: 't', expiresAt: now },
  devtoolsLink: { url: '/devtools/inspector.html?ws=x', targetId: 'T', expiresAt: now },
  listPages: { pages: [{ id: 'p-1', url: 'about:blank', title: '', active: true }] },
  openPage: { id: 'p-2', url: 'about:blank', title: '', active: true },
  closePage: { id: 'p-2', closed: true, pages: [] },
  activatePage: { id: 'p-1', url: 'about:blank', title: '', active: true },
  snapshot: { pageId: 'p-1', url: 'about:blank', title: '', snapshot: '- document' },
  listDownloads: { downloads: [] },
  navigate: { url: 'about:blank', title: '', status: 200 },
  execute: { result: 1 },
  interact: { ok: true, action: 'click' },
  wait: { ok: true, elapsedMs: 0 },
  console: { entries: [] },
  recycleSession: { recycled: true, durationMs: 0, session },
  listCookies: { cookies: [] },
  addCookies: { added: 1, cookies: 1 },
  clearCookies: { removed: 1, cookies: 0 },
  storageState: { cookies: [], origins: [] },
  cloneSession: { ...session, name: 'rec-copy' },
  input: { ok: true, type: 'click' },
  history: { url: 'about:blank', title: '', moved: true },
  createLoginCode: { code: 'c', expiresAt: now, path: '/ui#code=c' },
  exchangeLoginCode: { token: 't' },
};

interface Recorded {
  method: string;
  url: string;
  /** The route of the table that the request matches, if any. */
  route: RouteName | undefined;
  /** What the route's schemas said of its params, query and body (empty when all parse). */
  problems: string[];
}

const table = Object.entries(routes).map(([name, route]) => ({
  name: name as RouteName,
  route,
  pattern: new RegExp(`^${route.path.replace(/:([A-Za-z_]\w*)/g, '(?<$1>[^/]+)')}$`),
}));

function check(
  schema: { safeParse(value: unknown): { success: boolean; error?: unknown } } | undefined,
  value: unknown,
  what: string,
): string[] {
  if (!schema) return value === undefined ? [] : [`${what} sent, but the route takes none`];
  const result = schema.safeParse(value);
  return result.success ? [] : [`${what}: ${String(result.error)}`];
}

/** Matches the request against the table and validates it with the route's schemas, as the server does. */
function recognise(req: IncomingMessage, text: string): Recorded {
  const url = new URL(req.url ?? '/', 'http://x');
  const method = req.method ?? '';
  for (const { name, route, pattern } of table) {
    const match = route.method === method ? pattern.exec(url.pathname) : null;
    if (!match) continue;
    const params = match.groups
      ? Object.fromEntries(Object.entries(match.groups).map(([k, v]) => [k, decodeURIComponent(v)]))
      : undefined;
    const query = Object.fromEntries(url.searchParams);
    const problems = [
      ...check('params' in route ? route.params : undefined, params, 'params'),
      ...check(
        'query' in route ? route.query : undefined,
        'query' in route || url.search ? query : undefined,
        'query',
      ),
      ...check('body' in route ? route.body : undefined, text ? JSON.parse(text) : undefined, 'body'),
    ];
    return { method, url: req.url ?? '', route: name, problems };
  }
  return { method, url: req.url ?? '', route: undefined, problems: ['no route of the table'] };
}

function answer(res: ServerResponse, name: RouteName | undefined): void {
  if (name === undefined) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'not_found', message: 'no such route' } }));
    return;
  }
  const { success } = routes[name];
  if (name === 'events' || name === 'frames') {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
    res.write(': stream open\n\n');
    if (name === 'events') res.write(`event: sessions\ndata: ${JSON.stringify({ sessions: [session] })}\n\n`);
    return;
  }
  if (name === 'getDownload') {
    res.writeHead(success.status, { 'content-type': 'application/octet-stream' });
    res.end(Buffer.from('bytes'));
    return;
  }
  if (name === 'pdf') {
    res.writeHead(success.status, { 'content-type': 'application/pdf' });
    res.end(Buffer.from('%PDF-1.4'));
    return;
  }
  if (name === 'metrics') {
    res.writeHead(success.status, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end('# TYPE marketbridge_up gauge\nmarketbridge_up 1\n');
    return;
  }
  if (name === 'screenshot') {
    res.writeHead(success.status, { 'content-type': 'image/png' });
    res.end(Buffer.from('89504e470d0a1a0a', 'hex'));
    return;
  }
  res.writeHead(success.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answers[name]));
}

async function startRecordingServer() {
  const requests: Recorded[] = [];
  const server = await startFakeServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => {
      const recorded = recognise(req, text);
      requests.push(recorded);
      answer(res, recorded.route);
    });
  });
  return Object.assign(server, { requests });
}

interface Context {
  client: BrowserClient;
  session: SessionHandle;
}

interface Case {
  /** The routes the method calls, in order. */
  routes: RouteName[];
  run(ctx: Context): Promise<unknown>;
}

/** Opens a stream and closes it at once. */
async function openAndClose(open: Promise<{ close(): Promise<void> }>): Promise<void> {
  await (await open).close();
}

const clientCases: Record<string, Case> = {
  baseUrl: { routes: [], run: ({ client }) => client.baseUrl() },
  createSession: {
    routes: ['createSession'],
    run: ({ client }) => client.createSession('rec', { reuse: true, viewport: { width: 800, height: 600 } }),
  },
  getSession: { routes: ['getSession'], run: ({ client }) => client.getSession(ID) },
  getSessionByName: { routes: ['getSession'], run: ({ client }) => client.getSessionByName(ID) },
  // No request of its own: its first action is the first one.
  session: { routes: ['execute'], run: async ({ client }) => (await client.session(ID)).executeJs('1') },
  listSessions: {
    routes: ['listSessions', 'listSessions'],
    run: async ({ client }) => {
      await client.listSessions();
      await client.listSessions({ name: 'rec', active: false });
    },
  },
  deleteSession: {
    routes: ['deleteSession', 'deleteSession'],
    run: async ({ client }) => {
      await client.deleteSession(ID);
      await client.deleteSession(ID, { keepState: true });
    },
  },
  cleanupSessions: {
    routes: ['cleanupSessions'],
    run: ({ client }) => client.cleanupSessions({ maxAgeHours: 2 }),
  },
  cleanupReport: {
    routes: ['cleanupSessions'],
    run: ({ client }) => client.cleanupReport({ maxAgeHours: 2 }),
  },
  serverHealth: { routes: ['health'], run: ({ client }) => client.serverHealth() },
  stats: { routes: ['stats'], run: ({ client }) => client.stats() },
  metrics: { routes: ['metrics'], run: ({ client }) => client.metrics() },
  events: { routes: ['events'], run: ({ client }) => openAndClose(client.events()) },
  dashboardLink: {
    routes: ['createLoginCode'],
    run: ({ client }) => client.dashboardLink({ ttlSeconds: 60 }),
  },
  close: { routes: [], run: ({ client }) => client.close() },
};

const sessionCases: Record<string, Case> = {
  refresh: { routes: ['getSession'], run: ({ session }) => session.refresh() },
  navigate: {
    routes: ['navigate'],
    run: ({ session }) => session.navigate('http://example.test/', { waitUntil: 'load', timeoutMs: 1_000 }),
  },
  screenshot: {
    routes: ['screenshot'],
    run: ({ session }) => session.screenshot(undefined, { fullPage: true }),
  },
  executeJs: { routes: ['execute'], run: ({ session }) => session.executeJs('args[0]', 1) },
  executeWith: {
    routes: ['execute'],
    run: ({ session }) => session.executeWith('1', [], { timeoutMs: 1_000 }),
  },
  interact: {
    routes: ['interact'],
    run: ({ session }) => session.interact({ action: 'hover', selector: '#a' }),
  },
  click: { routes: ['interact'], run: ({ session }) => session.click('#a') },
  fill: { routes: ['interact'], run: ({ session }) => session.fill('#a', 'x') },
  type: { routes: ['interact'], run: ({ session }) => session.type('#a', 'x') },
  press: { routes: ['interact'], run: ({ session }) => session.press('#a', 'Enter') },
  select: { routes: ['interact'], run: ({ session }) => session.select('#a', ['x', 'y']) },
  check: { routes: ['interact'], run: ({ session }) => session.check('#a') },
  waitFor: { routes: ['wait'], run: ({ session }) => session.waitFor({ for: 'timeout', ms: 1 }) },
  waitForSelector: {
    routes: ['wait'],
    run: ({ session }) => session.waitForSelector('#a', { state: 'visible' }),
  },
  waitForText: { routes: ['wait'], run: ({ session }) => session.waitForText('x') },
  waitForUrl: { routes: ['wait'], run: ({ session }) => session.waitForUrl('**/x') },
  input: { routes: ['input'], run: ({ session }) => session.input({ type: 'click', x: 1, y: 2 }) },
  recycle: { routes: ['recycleSession'], run: ({ session }) => session.recycle() },
  cdp: { routes: ['getSession'], run: ({ session }) => session.cdp() },
  cdpTicket: { routes: ['cdpTicket'], run: ({ session }) => session.cdpTicket() },
  cdpVersion: { routes: ['cdpVersion'], run: ({ session }) => session.cdpVersion() },
  devtoolsLink: { routes: ['devtoolsLink'], run: ({ session }) => session.devtoolsLink() },
  pages: { routes: ['listPages'], run: ({ session }) => session.pages() },
  openPage: {
    routes: ['openPage', 'openPage'],
    run: async ({ session }) => {
      await session.openPage();
      await session.openPage('http://example.test/');
    },
  },
  closePage: { routes: ['closePage'], run: ({ session }) => session.closePage(PAGE) },
  activatePage: { routes: ['activatePage'], run: ({ session }) => session.activatePage(PAGE) },
  snapshot: {
    routes: ['snapshot', 'snapshot'],
    run: async ({ session }) => {
      await session.snapshot();
      await session.snapshot('p-1');
    },
  },
  pdf: { routes: ['pdf'], run: ({ session }) => session.pdf(undefined, { format: 'A4' }) },
  downloads: { routes: ['listDownloads'], run: ({ session }) => session.downloads() },
  download: { routes: ['getDownload'], run: ({ session }) => session.download(PAGE) },
  history: {
    routes: ['history', 'history'],
    run: async ({ session }) => {
      await session.history('back');
      await session.history({ action: 'reload', timeoutMs: 1_000 });
    },
  },
  frames: {
    routes: ['frames'],
    run: ({ session }) => openAndClose(session.frames({ quality: 50, maxWidth: 640 })),
  },
  events: { routes: ['events'], run: ({ session }) => openAndClose(session.events()) },
  console: {
    routes: ['console', 'console'],
    run: async ({ session }) => {
      await session.console();
      await session.console(5);
    },
  },
  delete: { routes: ['deleteSession'], run: ({ session }) => session.delete({ keepState: true }) },
  cookies: {
    routes: ['listCookies', 'listCookies'],
    run: async ({ session }) => {
      await session.cookies();
      await session.cookies({ url: 'http://example.test/', name: 'sid' });
    },
  },
  addCookies: {
    routes: ['addCookies'],
    run: ({ session }) =>
      session.addCookies([
        { name: 'sid', value: '1', url: 'http://example.test/' },
        { name: 'b', value: '2', domain: 'example.test', path: '/', sameSite: 'Lax' },
      ]),
  },
  clearCookies: {
    routes: ['clearCookies', 'clearCookies'],
    run: async ({ session }) => {
      await session.clearCookies();
      await session.clearCookies({ name: 'sid', domain: 'example.test' });
    },
  },
  storageState: { routes: ['storageState'], run: ({ session }) => session.storageState() },
  clone: {
    routes: ['cloneSession', 'cloneSession'],
    run: async ({ session }) => {
      await session.clone('rec-copy');
      await session.clone('rec-copy2', { withPages: true });
    },
  },
};

const helperCases: Record<string, Case> = {
  withSession: {
    routes: ['createSession', 'deleteSession'],
    run: ({ client }) => withSession('rec', async () => undefined, { client, cleanup: 'delete' }),
  },
};

/** The public methods of a class, its base classes' included (string-named, getters excepted). */
function methodsOf(prototype: object): string[] {
  const names = new Set<string>();
  for (let p: object | null = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p))
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(p)))
      if (name !== 'constructor' && typeof d.value === 'function') names.add(name);
  return [...names].sort();
}

describe('the client against the route table', () => {
  it('has a case for every public method', () => {
    expect(Object.keys(clientCases).sort()).toEqual(methodsOf(BrowserClient.prototype));
    expect(Object.keys(sessionCases).sort()).toEqual(methodsOf(SessionHandle.prototype));
  });

  it('sends each method as its route: method, path, params, query and body', async () => {
    await using server = await startRecordingServer();
    const client = new BrowserClient(server.url, { token: 'test-token' });
    const session = await client.getSession(ID);
    const ctx = { client, session };
    const seen = new Set<RouteName>();
    const cases = [
      ...Object.entries(clientCases).map(([name, c]) => [`BrowserClient.${name}`, c] as const),
      ...Object.entries(sessionCases).map(([name, c]) => [`SessionHandle.${name}`, c] as const),
      ...Object.entries(helperCases),
    ];
    for (const [name, c] of cases) {
      // `close` ends the client's streams; run it on its own client so the others keep theirs.
      const run = name === 'BrowserClient.close' ? { ...ctx, client: new BrowserClient(server.url) } : ctx;
      server.requests.length = 0;
      await c.run(run);
      const requests = server.requests.map(({ method, url, route, problems }) => ({
        method,
        url,
        route,
        problems,
      }));
      const expected = c.routes.map((route) => ({
        method: routes[route].method,
        url: expect.stringMatching(
          new RegExp(
            `^${escapeRegExp(fillPath(routes[route].path, { id: ID, pageId: PAGE, downloadId: PAGE }))}(\\?|$)`,
          ),
        ),
        route,
        problems: [],
      }));
      expect({ name, requests }).toEqual({ name, requests: expected });
      for (const route of c.routes) seen.add(route);
    }
    await client.close();
    // Every route of the table has a client method, except the dashboard page's own.
    const unused = Object.keys(routes).filter((r) => !seen.has(r as RouteName));
    expect(unused).toEqual(['exchangeLoginCode']);
  });

  it('sends the query the route schema takes (booleans as words, undefined left out)', async () => {
    await using server = await startRecordingServer();
    const client = new BrowserClient(server.url, { token: 'test-token' });
    await client.listSessions({ active: true });
    await client.deleteSession(ID, { keepState: false });
    await client.deleteSession(ID);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/sessions?active=true',
      `/sessions/${encodeURIComponent(ID)}?keepState=false`,
      `/sessions/${encodeURIComponent(ID)}`,
    ]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('call types', () => {
  it('types each call by its route: the result is the success schema output', async () => {
    await using server = await startRecordingServer();
    const transport = new Transport({
      baseUrl: server.url,
      token: 'test-token',
      timeoutMs: 60_000,
      connectRetries: 0,
      streamIdleTimeoutMs: 60_000,
    });
    const got = await transport.call('getSession', { params: { id: ID } });
    expectTypeOf(got).toEqualTypeOf<RouteOutput<'getSession'>>();
    expectTypeOf(got).toEqualTypeOf<Session>();
    expect(got).toEqual(session);
    const health = await transport.call('health');
    expectTypeOf(health).toEqualTypeOf<HealthResponse>();
    const list = await transport.call('listSessions', { query: { active: 'true' } });
    expectTypeOf(list).toEqualTypeOf<RouteOutput<'listSessions'>>();
    expectTypeOf(list.sessions).toEqualTypeOf<Session[]>();
    const shot = await transport.callBytes('screenshot', { params: { id: ID }, body: {} });
    expectTypeOf(shot).toEqualTypeOf<{ bytes: Uint8Array; headers: Headers }>();
    expect(server.requests.map((r) => r.route)).toEqual([
      'getSession',
      'health',
      'listSessions',
      'screenshot',
    ]);

    // The public methods answer with their route's output.
    expectTypeOf<BrowserClient['serverHealth']>().returns.resolves.toEqualTypeOf<RouteOutput<'health'>>();
    expectTypeOf<BrowserClient['stats']>().returns.resolves.toEqualTypeOf<RouteOutput<'stats'>>();
    expectTypeOf<BrowserClient['deleteSession']>().returns.resolves.toEqualTypeOf<
      RouteOutput<'deleteSession'>
    >();
    expectTypeOf<SessionHandle['navigate']>().returns.resolves.toEqualTypeOf<RouteOutput<'navigate'>>();
    expectTypeOf<SessionHandle['waitFor']>().returns.resolves.toEqualTypeOf<RouteOutput<'wait'>>();
    expectTypeOf<SessionHandle['input']>().returns.resolves.toEqualTypeOf<RouteOutput<'input'>>();
    expectTypeOf<SessionHandle['history']>().returns.resolves.toEqualTypeOf<RouteOutput<'history'>>();
    expectTypeOf<SessionHandle['refresh']>().returns.resolves.toEqualTypeOf<RouteOutput<'getSession'>>();
    expectTypeOf<SessionHandle['storageState']>().returns.resolves.toEqualTypeOf<
      RouteOutput<'storageState'>
    >();
    expectTypeOf<SessionHandle['addCookies']>().returns.resolves.toEqualTypeOf<RouteOutput<'addCookies'>>();

    // Type-level only (never called): what the table does not allow does not compile.
    const _rejected = () => [
      // @ts-expect-error: navigate has an :id
      transport.call('navigate', { body: { url: 'x' } }),
      // @ts-expect-error: navigate's body needs a url
      transport.call('navigate', { params: { id: ID }, body: {} }),
      // @ts-expect-error: health takes no body
      transport.call('health', { body: {} }),
      // @ts-expect-error: the query's booleans are words on the wire
      transport.call('listSessions', { query: { active: true } }),
      // @ts-expect-error: screenshot answers with bytes, not JSON
      transport.call('screenshot', { params: { id: ID }, body: {} }),
      // @ts-expect-error: an event stream is opened, not called
      transport.callBytes('frames', { params: { id: ID } }),
    ];
  });
});
