import { mkdirSync, writeFileSync } from 'node:fs';
import { createTempHome, deadPort, errorOf } from '@marketbridge/test-helpers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrowserClient } from './browser-client.js';
import { DEFAULT_BASE_URL, resolveBaseUrl, resolveToken } from './config.js';
import { ConnectionError } from './errors.js';

const saved = { ...process.env };
beforeEach(() => {
  delete process.env.MB_BROWSER_URL;
  delete process.env.MB_BROWSER_TOKEN;
  delete process.env.MARKETBRIDGE_HOME;
});
afterEach(() => {
  process.env = { ...saved };
});

describe('resolveBaseUrl', () => {
  it('prefers the argument, then MB_BROWSER_URL, then the PID file, then the default', async () => {
    using home = createTempHome();
    expect(await resolveBaseUrl(undefined, home.dir)).toBe(DEFAULT_BASE_URL);
    mkdirSync(home.path('run'));
    writeFileSync(
      home.path('run', 'browser_session_server.pid'),
      JSON.stringify({ pid: 1, port: 9999, host: '0.0.0.0' }),
    );
    expect(await resolveBaseUrl(undefined, home.dir)).toBe('http://127.0.0.1:9999');
    writeFileSync(
      home.path('run', 'browser_session_server.pid'),
      JSON.stringify({ pid: 1, port: 9998, host: '::1' }),
    );
    expect(await resolveBaseUrl(undefined, home.dir)).toBe('http://[::1]:9998');
    process.env.MB_BROWSER_URL = 'http://example.test:1';
    expect(await resolveBaseUrl(undefined, home.dir)).toBe('http://example.test:1');
    expect(await resolveBaseUrl('http://arg.test:2', home.dir)).toBe('http://arg.test:2');
  });

  it('falls back to the default when the PID file is not JSON, or names no pid', async () => {
    using home = createTempHome();
    mkdirSync(home.path('run'));
    writeFileSync(home.path('run', 'browser_session_server.pid'), '12345');
    expect(await resolveBaseUrl(undefined, home.dir)).toBe(DEFAULT_BASE_URL);
    writeFileSync(home.path('run', 'browser_session_server.pid'), JSON.stringify({ port: 4321 }));
    expect(await resolveBaseUrl(undefined, home.dir)).toBe(DEFAULT_BASE_URL);
  });

  it('reads MARKETBRIDGE_HOME when no home is given', async () => {
    using home = createTempHome();
    mkdirSync(home.path('run'));
    writeFileSync(
      home.path('run', 'browser_session_server.pid'),
      JSON.stringify({ pid: 1, port: 4321, host: '127.0.0.1' }),
    );
    process.env.MARKETBRIDGE_HOME = home.dir;
    expect(await resolveBaseUrl(undefined)).toBe('http://127.0.0.1:4321');
  });
});

describe('resolveToken', () => {
  it('prefers the option, then MB_BROWSER_TOKEN, then the token file', async () => {
    using home = createTempHome();
    expect(await resolveToken(undefined, home.dir)).toBeUndefined();
    writeFileSync(home.path('token'), 'from-file\n');
    expect(await resolveToken(undefined, home.dir)).toBe('from-file');
    process.env.MB_BROWSER_TOKEN = 'from-env';
    expect(await resolveToken(undefined, home.dir)).toBe('from-env');
    expect(await resolveToken('from-option', home.dir)).toBe('from-option');
  });
});

describe('when the server is down', () => {
  it('throws ConnectionError saying how to start the daemon, after bounded retries', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    const client = new BrowserClient(url, { connectRetries: 2 });
    const started = Date.now();
    const error = await errorOf(client.serverHealth());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain(url);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('mb-browser start');
    expect(error.cause).toBeDefined();
    // 300 ms + 600 ms of backoff: it did retry, and it did stop.
    expect(Date.now() - started).toBeGreaterThanOrEqual(850);
  });

  it('retries a refused POST too (nothing reached the server), then gives up', async () => {
    const client = new BrowserClient(`http://127.0.0.1:${await deadPort()}`, { connectRetries: 1 });
    expect(await errorOf(client.createSession('x'))).toBeInstanceOf(ConnectionError);
  });
});
