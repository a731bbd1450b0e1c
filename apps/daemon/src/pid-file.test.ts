import { mkdirSync, writeFileSync } from 'node:fs';
import { createTempHome } from '@marketbridge/test-helpers';
import { expect, it } from 'vitest';
import { readPidFile, removePidFile, writePidFile } from './pid-file.js';

it('reads its own PID file back, and calls a reused or dead pid stale', () => {
  using home = createTempHome();
  const file = home.path('run', 'browser_session_server.pid');
  expect(readPidFile(file)).toEqual({ kind: 'none' });
  const info = {
    pid: process.pid,
    port: 9247,
    host: '127.0.0.1',
    startedAt: new Date().toISOString(),
    version: '1',
  };
  writePidFile(file, info);
  // This test process is alive but is not an mb-browser server: a reused pid must not be trusted.
  expect(readPidFile(file)).toMatchObject({ kind: 'stale', reason: expect.stringContaining('pid reused') });
  writePidFile(file, { ...info, pid: 999_999 });
  expect(readPidFile(file)).toMatchObject({ kind: 'stale', reason: 'process 999999 is not running' });
  writeFileSync(file, 'not json');
  expect(readPidFile(file)).toMatchObject({ kind: 'stale', reason: expect.stringContaining('unreadable') });
  removePidFile(file);
  expect(readPidFile(file)).toEqual({ kind: 'none' });
});

it('leaves a PID file that names another process when asked to remove its own', () => {
  using home = createTempHome();
  mkdirSync(home.path('run'));
  const file = home.path('run', 'browser_session_server.pid');
  writePidFile(file, { pid: 999_998, port: 1, host: 'h', startedAt: '', version: '' });
  removePidFile(file, 12345);
  expect(readPidFile(file).kind).toBe('stale');
});
