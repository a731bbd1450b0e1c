import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  formatPidInfo,
  homeLayout,
  parsePidInfo,
  resolveHome,
  serverUrlOf,
  sessionStateFiles,
} from './home.js';

describe('the home', () => {
  it('is the argument, else MARKETBRIDGE_HOME (with ~ expanded), else ~/.marketbridge; always absolute', () => {
    expect(resolveHome('/x/y', { MARKETBRIDGE_HOME: '/srv/mb' })).toBe('/x/y');
    expect(resolveHome(undefined, { MARKETBRIDGE_HOME: '/srv/mb' })).toBe('/srv/mb');
    expect(resolveHome(undefined, { MARKETBRIDGE_HOME: '~/mbhome' })).toBe(`${homedir()}/mbhome`);
    expect(resolveHome('~', {})).toBe(homedir());
    expect(resolveHome(undefined, { MARKETBRIDGE_HOME: '  ' })).toBe(`${homedir()}/.marketbridge`);
    expect(resolveHome(undefined, {})).toBe(`${homedir()}/.marketbridge`);
    expect(resolveHome('relative/dir', {})).toBe(`${process.cwd()}/relative/dir`);
  });

  it('lays out every file under it, and moves only what is overridden', () => {
    expect(homeLayout('/h')).toEqual({
      home: '/h',
      registryFile: '/h/browser_sessions_registry.json',
      stateDir: '/h/playwright_sessions',
      screenshotsDir: '/h/screenshots',
      downloadsDir: '/h/downloads',
      logDir: '/h/logs',
      serverLog: '/h/logs/browser_session_server.log',
      daemonLog: '/h/logs/browser_session_daemon.log',
      tokenFile: '/h/token',
      pidFile: '/h/run/browser_session_server.pid',
    });
    const moved = homeLayout('/h', { logDir: '~/logs', registryFile: '/r/reg.json' });
    expect(moved).toMatchObject({
      logDir: `${homedir()}/logs`,
      serverLog: `${homedir()}/logs/browser_session_server.log`,
      registryFile: '/r/reg.json',
      stateDir: '/h/playwright_sessions',
    });
  });

  it("names a session's state and secrets files so that no name makes one the other's", () => {
    expect(sessionStateFiles('/h/playwright_sessions', 'desk')).toEqual({
      state: '/h/playwright_sessions/desk.json',
      secrets: '/h/playwright_sessions/desk.secrets',
    });
    // A session named "desk.secrets" has its own pair, neither of them desk's.
    const other = sessionStateFiles('/s', 'desk.secrets');
    const desk = sessionStateFiles('/s', 'desk');
    expect([other.state, other.secrets]).not.toContain(desk.state);
    expect([other.state, other.secrets]).not.toContain(desk.secrets);
  });
});

describe('the PID file', () => {
  const info = { pid: 42, port: 9247, host: '127.0.0.1', startedAt: '2026-01-01T00:00:00Z', version: '1' };

  it('round-trips, and names what is missing in a bad one', () => {
    expect(parsePidInfo(formatPidInfo(info))).toEqual(info);
    expect(() => parsePidInfo('{"pid": 1}')).toThrow('missing pid or port');
    expect(() => parsePidInfo('null')).toThrow('missing pid or port');
    expect(() => parsePidInfo('{not json')).toThrow(SyntaxError);
  });

  it('gives the URL a local client reaches: wildcard addresses are loopback, IPv6 is bracketed', () => {
    expect(serverUrlOf({ host: '0.0.0.0', port: 1 })).toBe('http://127.0.0.1:1');
    expect(serverUrlOf({ host: '::', port: 2 })).toBe('http://127.0.0.1:2');
    expect(serverUrlOf({ host: '::1', port: 3 })).toBe('http://[::1]:3');
    expect(serverUrlOf({ host: 'box.local', port: 4 })).toBe('http://box.local:4');
  });
});
