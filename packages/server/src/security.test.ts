// Security defaults over real HTTP; no session is created, so no browser is launched.
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { BrowserManager } from '@marketbridge/browser-manager';
import { SessionRegistry } from '@marketbridge/registry';
import { createTempHome, eventually, listenOnLoopback, rawRequest } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createServer, LOG_FILE_NAME, resolveServerOptions, ServerOptionsError } from './index.js';
import { startServer, type TestServer } from './test-fixtures/server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startServer({ allowedHosts: ['mb.internal'] });
});

afterAll(async () => {
  await t?.close();
  t?.home.remove();
});

const hostOf = () => new URL(t.url).host;
const port = () => new URL(t.url).port;

describe('files', () => {
  it('creates the home 0700 and the token file 0600; a restart reuses the token', async () => {
    expect(statSync(t.home.dir).mode & 0o777).toBe(0o700);
    for (const dir of ['logs', 'screenshots', 'playwright_sessions']) {
      expect(statSync(t.home.path(dir)).mode & 0o777).toBe(0o700);
    }
    expect(statSync(t.home.path('token')).mode & 0o777).toBe(0o600);
    expect(readFileSync(t.home.path('token'), 'utf8').trim()).toBe(t.token);
    using home = createTempHome();
    const a = await createServer({ home: home.dir, port: 0, consoleLogLevel: false });
    await a.close();
    const b = await createServer({ home: home.dir, port: 0, consoleLogLevel: false });
    await b.close();
    expect(b.token).toBe(a.token);
  });
});

describe('token', () => {
  it('is required everywhere but /health and /openapi.json', async () => {
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    expect((await fetch(`${t.url}/openapi.json`)).status).toBe(200);
    for (const path of ['/sessions', '/stats', '/metrics', '/sessions/x', '/nope']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await t.api('GET', '/sessions')).status).toBe(200);
  });

  it('is never logged; every request is, with method, path, status and duration', async () => {
    await t.api('GET', '/sessions');
    await t.api('GET', '/sessions', undefined, { authorization: 'Bearer wrong-token-value' });
    await fetch(`${t.url}/sessions?token=${t.token}`, { headers: { authorization: `Bearer ${t.token}` } });
    const log = await eventually(() => {
      const text = readFileSync(t.home.path('logs', LOG_FILE_NAME), 'utf8');
      return text.includes('"status":401') ? text : undefined;
    }, 'the requests to be logged');
    expect(log).not.toContain(t.token);
    expect(log).not.toContain('wrong-token-value');
    const lines = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        method: 'GET',
        path: '/sessions',
        status: 200,
        durationMs: expect.any(Number),
      }),
    );
  });

  it('a noAuth server on loopback needs none; on another address it is refused before anything starts', async () => {
    using home = createTempHome();
    const open = await createServer({ home: home.dir, port: 0, noAuth: true, consoleLogLevel: false });
    try {
      expect(open.token).toBeUndefined();
      expect((await fetch(`${open.url}/sessions`)).status).toBe(200);
    } finally {
      await open.close();
    }
    using other = createTempHome();
    const refused = createServer({ home: other.path('h'), host: '0.0.0.0', port: 0, noAuth: true });
    await expect(refused).rejects.toThrow(ServerOptionsError);
    await expect(refused).rejects.toThrow(/Refusing to serve without a token on 0\.0\.0\.0/);
    expect(() => statSync(other.path('h'))).toThrow();
  });
});

describe('Host and Origin', () => {
  const get = (headers: Record<string, string>) =>
    rawRequest(`${t.url}/sessions`, { headers: { authorization: `Bearer ${t.token}`, ...headers } });

  it('accepts every loopback spelling, with and without port, and allowedHosts', async () => {
    for (const host of [
      hostOf(),
      '127.0.0.1',
      'localhost',
      `localhost:${port()}`,
      'LocalHost',
      '[::1]',
      `[::1]:${port()}`,
      'mb.internal',
      `mb.internal:${port()}`,
    ]) {
      expect((await get({ host })).status, host).toBe(200);
    }
  });

  it('refuses other hosts with 403 forbidden', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${port()}`,
      '127.0.0.1.nip.io',
      'mb.internal.evil.example',
    ]) {
      const res = await get({ host });
      expect(res.status, host).toBe(403);
      expect((res.json as { error: { code: string } }).error.code).toBe('forbidden');
    }
  });

  it('accepts a same-machine Origin, refuses a cross-site one, and never sends CORS headers', async () => {
    const same = await get({ origin: `http://localhost:${port()}` });
    expect(same.status).toBe(200);
    for (const origin of ['http://evil.example', 'https://localhost.evil.example', 'null', 'file://']) {
      expect((await get({ origin })).status, origin).toBe(403);
    }
    const preflight = await rawRequest(`${t.url}/sessions`, {
      method: 'OPTIONS',
      headers: { origin: `http://localhost:${port()}`, 'access-control-request-method': 'POST' },
    });
    for (const res of [same, preflight]) {
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('registry trouble', () => {
  it('a corrupt registry at start is moved aside and reported, and the server still starts', async () => {
    using home = createTempHome();
    writeFileSync(home.registryFile, '{ not json');
    const server = await createServer({ home: home.dir, port: 0, consoleLogLevel: false });
    try {
      expect(readdirSync(home.dir).some((f) => f.startsWith('browser_sessions_registry.json.corrupt-'))).toBe(
        true,
      );
      const res = await fetch(`${server.url}/sessions`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      expect(await res.json()).toEqual({ sessions: [] });
    } finally {
      await server.close();
    }
  });

  it('an unusable registry answers 503 registry_unavailable, and no session is started', async () => {
    using home = createTempHome();
    // A path below a regular file: every read and write fails with ENOTDIR.
    const server = await createServer({
      home: home.dir,
      port: 0,
      consoleLogLevel: false,
      registryFile: home.path('token', 'registry.json'),
    });
    try {
      const res = await fetch(`${server.url}/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x' }),
      });
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('registry_unavailable');
      expect(body.error.message).toContain('ENOTDIR');
      expect(server.manager.listSessions()).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('listening', () => {
  it('explains a port already in use', async () => {
    using home = createTempHome();
    await expect(
      createServer({ home: home.dir, port: Number(port()), consoleLogLevel: false }),
    ).rejects.toThrow(/already in use .*--port/);
  });
});

describe('createApp', () => {
  it('bounds every request: a browser call that never returns answers 408 timeout', async () => {
    using home = createTempHome();
    const session = { id: 'sid', name: 'stuck' };
    const manager = Object.assign(new EventEmitter(), {
      stateDir: home.path('state'),
      findSession: (idOrName: string) => (idOrName === 'stuck' ? session : undefined),
      listSessions: () => [session],
      execute: () => new Promise(() => undefined),
      browsers: async () => [],
    }) as unknown as BrowserManager;
    const config = resolveServerOptions({ home: home.dir, requestTimeoutMs: 300 }, {});
    const app = createApp({
      manager,
      registry: new SessionRegistry({ file: config.registryFile }),
      config,
      token: 'a-token-of-sixteen-chars',
    });
    await using server = await listenOnLoopback(createHttpServer(app));
    const res = await fetch(`${server.url}/sessions/stuck/execute`, {
      method: 'POST',
      headers: { authorization: 'Bearer a-token-of-sixteen-chars', 'content-type': 'application/json' },
      body: JSON.stringify({ script: '1' }),
    });
    expect(res.status).toBe(408);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'timeout',
      message: 'The request did not finish within 300 ms.',
    });
  });
});
