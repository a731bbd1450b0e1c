// What the HTTP path adds over calling browser-manager in-process: the same session, the same
// operation, alternated, in one run. The HTTP side is a keep-alive node:http client on the same machine.
import { EventEmitter } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserManager } from '@marketbridge/browser-manager';
import { SessionRegistry } from '@marketbridge/registry';
import { createTempHome, startTestSite } from '@marketbridge/test-helpers';
import type { BenchSection } from '../../../bench/types.js';
import { alternate, fmtMs, median, percentile, type Timed } from '../../../bench/types.js';
import { createApp, createLogger, createServer, resolveServerOptions } from '../src/index.js';
import { keepAliveAgent, type Post, poster } from './post-json.js';

interface Action {
  what: string;
  n: number;
  path: string;
  body: unknown;
  direct: (manager: BrowserManager) => Promise<unknown>;
}

function actions(url: string): Action[] {
  const fill = { action: 'fill', selector: '#name', value: 'Ada' } as const;
  return [
    { what: 'navigate', n: 60, path: 'navigate', body: { url }, direct: (m) => m.navigate('bench', { url }) },
    {
      what: 'execute `document.title`',
      n: 300,
      path: 'execute',
      body: { script: 'document.title' },
      direct: (m) => m.execute('bench', 'document.title'),
    },
    {
      what: 'interact: fill #name',
      n: 200,
      path: 'interact',
      body: fill,
      direct: (m) => m.interact('bench', fill),
    },
    {
      what: 'screenshot (viewport, png)',
      n: 80,
      path: 'screenshot',
      body: {},
      direct: (m) => m.screenshot('bench', {}),
    },
  ];
}

const HEADER = [
  'operation',
  'n',
  'in-process median ms',
  'in-process p95',
  'HTTP median ms',
  'HTTP p95',
  'added median ms',
  'added p95 ms',
];

async function measure(manager: BrowserManager, post: Post, list: Action[]) {
  const rows: (string | number)[][] = [];
  let worst = 0;
  for (const a of list) {
    const r = await compare(
      a.n,
      () => a.direct(manager),
      () => post(`/sessions/bench/${a.path}`, a.body),
    );
    const [dm, hm] = [median(r.direct), median(r.http)];
    const [dp, hp] = [percentile(r.direct, 95), percentile(r.http, 95)];
    worst = Math.max(worst, hm - dm);
    rows.push([a.what, a.n, fmtMs(dm), fmtMs(dp), fmtMs(hm), fmtMs(hp), fmtMs(hm - dm), fmtMs(hp - dp)]);
  }
  return { rows, worst };
}

/**
 * The server's own cost: the same app (token, Host/Origin checks, body parsing, zod, route code,
 * request log to the winston file, registry sync attached) over a manager stub that answers at once.
 */
async function serverAlone(list: Action[]) {
  const home = createTempHome('mb-http-bench-stub-');
  const session = {
    id: 'stub-id',
    name: 'bench',
    currentUrl: 'http://127.0.0.1/',
    pageCount: 1,
    lastActivity: new Date().toISOString(),
  };
  const png = Buffer.alloc(20_000, 1);
  const stub = Object.assign(new EventEmitter(), {
    stateDir: home.path('state'),
    findSession: (idOrName: string) => (idOrName === 'bench' ? session : undefined),
    listSessions: () => [session],
    navigate: async () => ({ url: session.currentUrl, title: 'Form', status: 200 }),
    execute: async () => 'Form',
    interact: async () => undefined,
    screenshot: async () => png,
    browsers: async () => [],
  }) as unknown as BrowserManager;
  const config = resolveServerOptions({ home: home.dir }, {});
  const logger = createLogger({
    logDir: config.logDir,
    level: config.logLevel,
    consoleLevel: false,
    maxSize: config.logMaxSize,
    maxFiles: config.logMaxFiles,
  });
  const token = 'bench-token-0123456789';
  const app = createApp({
    manager: stub,
    registry: new SessionRegistry({ file: config.registryFile }),
    config,
    token,
    logger,
  });
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = keepAliveAgent(1);
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return await measure(
      stub,
      poster(agent, url, token),
      list.map((a) => ({ ...a, n: 1_000 })),
    );
  } finally {
    agent.destroy();
    server.close();
    logger.end();
    home.remove();
  }
}

/** In-process first, HTTP second, alternating. */
async function compare(n: number, direct: Timed, http: Timed): Promise<{ direct: number[]; http: number[] }> {
  const { a, b } = await alternate(n, direct, http);
  return { direct: a, http: b };
}

export default async function bench(): Promise<BenchSection[]> {
  const home = createTempHome('mb-http-bench-');
  const site = await startTestSite();
  const server = await createServer({ home: home.dir, port: 0, consoleLogLevel: false, saveIntervalMs: 0 });
  const agent = keepAliveAgent(1);
  try {
    const list = actions(site.at('/form'));
    const created = await server.sessions.create({ name: 'bench', url: site.at('/form') });
    if (!created.created) throw new Error('bench session not created');
    const real = await measure(server.manager, poster(agent, server.url, server.token ?? ''), list);
    const alone = await serverAlone(list);
    return [
      {
        title: 'Server: HTTP overhead over in-process browser-manager (real Chromium)',
        description:
          'Each row alternates the same operation on the same session, called in-process on the BrowserManager and ' +
          'through the HTTP API of a server in the same process (keep-alive node:http client; token, Host/Origin ' +
          'checks, JSON body, zod validation, request log to the winston file, registry activity updates). ' +
          'Target: under 1 ms median added.',
        table: [HEADER, ...real.rows],
        notes: [
          `Largest median added: ${fmtMs(real.worst)} ms — target (< 1 ms) ${real.worst < 1 ? 'met' : 'missed'} end to end.`,
          'The in-process timer stops the moment the Playwright call resolves; the HTTP answer has to cross a few ' +
            'event-loop turns, during which Playwright handles the CDP events Chromium sends after the action ' +
            '(more after interact and navigate than after execute), and Chromium competes for the same two cores. ' +
            'The next table isolates what the server itself adds.',
        ],
      },
      {
        title: 'Server: HTTP overhead, server alone (browser-manager stub)',
        description:
          'The same routes and the same app (every middleware, validation, request log to the file, registry sync ' +
          'attached) over a manager stub that answers at once (screenshot: 20 kB of bytes), 1000 requests each: ' +
          'what the HTTP layer costs without a browser competing for the CPU.',
        table: [HEADER, ...alone.rows],
        notes: [
          `Largest median added: ${fmtMs(alone.worst)} ms — target (< 1 ms) ${alone.worst < 1 ? 'met' : 'missed'} for the server's own work.`,
        ],
      },
    ];
  } finally {
    agent.destroy();
    await server.close();
    await site.close();
    home.remove();
  }
}
