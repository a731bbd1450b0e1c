import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createTempHome } from '@marketbridge/test-helpers';
import { describe, expect, it } from 'vitest';
import { ServerOptionsError } from './errors.js';
import { hostAllowlist, hostnameOf } from './http/security.js';
import { isLoopbackHost, parseByteSize, resolveServerOptions } from './options.js';
import { bearerToken, loadOrCreateToken, tokenMatches } from './token.js';

describe('resolveServerOptions', () => {
  it('applies the defaults: 127.0.0.1:9247 and the DESIGN.md files under MARKETBRIDGE_HOME', () => {
    const config = resolveServerOptions({}, { MARKETBRIDGE_HOME: '/srv/mb' });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 9247,
      home: '/srv/mb',
      registryFile: '/srv/mb/browser_sessions_registry.json',
      screenshotsDir: '/srv/mb/screenshots',
      logDir: '/srv/mb/logs',
      stateDir: '/srv/mb/playwright_sessions',
      tokenFile: '/srv/mb/token',
      allowFileUrls: false,
      noAuth: false,
      metricsOpenOnLoopback: false,
      bodyLimitBytes: 2 * 1024 * 1024,
      maxIdleHours: undefined,
    });
    expect(resolveServerOptions({}, {}).home).toBe(join(homedir(), '.marketbridge'));
  });

  it('takes every override, paths made absolute', () => {
    const config = resolveServerOptions(
      {
        home: 'rel-home',
        registryFile: '/x/reg.json',
        screenshotsDir: '/x/shots',
        logDir: '/x/logs',
        port: 0,
        maxSessions: 3,
        maxIdleHours: 0.5,
        bodyLimit: '64kb',
        allowedHosts: ['MB.Internal'],
      },
      {},
    );
    expect(config.home).toBe(join(process.cwd(), 'rel-home'));
    expect(config).toMatchObject({
      registryFile: '/x/reg.json',
      screenshotsDir: '/x/shots',
      logDir: '/x/logs',
      port: 0,
      maxSessions: 3,
      maxIdleHours: 0.5,
      bodyLimitBytes: 65_536,
      allowedHosts: ['mb.internal'],
    });
  });

  it('refuses serving without a token on a non-loopback address', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      expect(() => resolveServerOptions({ host, noAuth: true }, {})).toThrow(
        /Refusing to serve without a token/,
      );
    }
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) {
      expect(resolveServerOptions({ host, noAuth: true }, {}).noAuth).toBe(true);
    }
    expect(resolveServerOptions({ host: '0.0.0.0' }, {}).host).toBe('0.0.0.0');
  });

  it('names the bad option', () => {
    const bad: [object, RegExp][] = [
      [{ port: 70_000 }, /port/],
      [{ port: 1.5 }, /port/],
      [{ maxSessions: 0 }, /maxSessions/],
      [{ token: 'short' }, /token: must be at least 16/],
      [{ token: 'a'.repeat(16), noAuth: true }, /either token or noAuth/],
      [{ browserEndpoint: 'http://x' }, /browserEndpoint/],
      [{ bodyLimit: 'lots' }, /bodyLimit/],
      [{ nonsense: true }, /Unrecognized key/],
      [{ warmContexts: -1 }, /warmContexts: Too small/],
      [{ warmContexts: 1.5 }, /warmContexts/],
      [{ warmContexts: 9 }, /warmContexts: Too big: expected number to be <=8/],
      [{ warm: false, warmContexts: 2 }, /either warm: false \(--no-warm\) or warmContexts 2/],
    ];
    for (const [options, message] of bad) {
      expect(() => resolveServerOptions(options as never, {})).toThrow(ServerOptionsError);
      expect(() => resolveServerOptions(options as never, {})).toThrow(message);
    }
  });

  it('keeps one warm context per browser kind by default; warm: false or warmContexts 0 turns it off', () => {
    expect(resolveServerOptions({}, {}).warmContexts).toBe(1);
    expect(resolveServerOptions({ warmContexts: 3 }, {}).warmContexts).toBe(3);
    expect(resolveServerOptions({ warmContexts: 0 }, {}).warmContexts).toBe(0);
    expect(resolveServerOptions({ warm: false }, {}).warmContexts).toBe(0);
    expect(resolveServerOptions({ warm: false, warmContexts: 0 }, {}).warmContexts).toBe(0);
    // The browser is launched at start with the warm pool, unless asked otherwise either way.
    expect(resolveServerOptions({}, {}).prelaunch).toBe(true);
    expect(resolveServerOptions({ warm: false }, {}).prelaunch).toBe(false);
    expect(resolveServerOptions({ warmContexts: 0 }, {}).prelaunch).toBe(false);
    expect(resolveServerOptions({ prelaunch: false }, {}).prelaunch).toBe(false);
    expect(resolveServerOptions({ warm: false, prelaunch: true }, {}).prelaunch).toBe(true);
  });

  it('parses byte sizes and loopback names', () => {
    expect(parseByteSize('2mb')).toBe(2_097_152);
    expect(parseByteSize('512KB')).toBe(524_288);
    expect(parseByteSize('100')).toBe(100);
    expect(parseByteSize(7)).toBe(7);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('127.10.0.1')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('localhost.evil.example')).toBe(false);
  });
});

describe('Host header allowlist', () => {
  it('reads host names with and without ports and brackets', () => {
    expect(hostnameOf('localhost')).toBe('localhost');
    expect(hostnameOf('LOCALHOST:9247')).toBe('localhost');
    expect(hostnameOf('127.0.0.1:80')).toBe('127.0.0.1');
    expect(hostnameOf('[::1]')).toBe('::1');
    expect(hostnameOf('[::1]:9247')).toBe('::1');
    expect(hostnameOf('::1')).toBe('::1');
    expect(hostnameOf('evil.example@localhost')).toBeUndefined();
    expect(hostnameOf('')).toBeUndefined();
  });

  it('allows every loopback spelling, the configured host and allowedHosts, nothing else', () => {
    const allowed = hostAllowlist('10.0.0.5', ['mb.internal', 'box:9247']);
    expect([...allowed].sort()).toEqual(['10.0.0.5', '127.0.0.1', '::1', 'box', 'localhost', 'mb.internal']);
    expect([...hostAllowlist('0.0.0.0', [])].sort()).toEqual(['127.0.0.1', '::1', 'localhost']);
  });
});

describe('token', () => {
  it('is generated on first start (0600), reused after, and an explicit one replaces it', async () => {
    using home = createTempHome();
    const file = home.path('token');
    const first = await loadOrCreateToken(file);
    expect(first.written).toBe(true);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateToken(file);
    expect(again).toEqual({ token: first.token, written: false });
    const explicit = await loadOrCreateToken(file, 'my-explicit-token-123');
    expect(explicit.token).toBe('my-explicit-token-123');
    expect(readFileSync(file, 'utf8').trim()).toBe('my-explicit-token-123');
  });

  it('tightens a token file that others can read', async () => {
    using home = createTempHome();
    const file = home.path('token');
    writeFileSync(file, 'abcdefghijklmnopqrstuvwxyz\n', { mode: 0o644 });
    const result = await loadOrCreateToken(file);
    expect(result).toMatchObject({ token: 'abcdefghijklmnopqrstuvwxyz', fixedMode: 0o644 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('compares in constant time over digests and reads only Bearer headers', () => {
    expect(tokenMatches('secret-token', 'secret-token')).toBe(true);
    expect(tokenMatches('secret-token', 'secret-tokeN')).toBe(false);
    expect(tokenMatches('', 'secret-token')).toBe(false);
    expect(tokenMatches('secret-token-but-longer', 'secret-token')).toBe(false);
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
