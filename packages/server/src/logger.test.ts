import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome } from '@marketbridge/test-helpers';
import type { Request, Response } from 'express';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { requestLog } from './http/request-log.js';
import { closeLogger, createLogger, LOG_FILE_NAME } from './logger.js';
import type { LogLevel } from './options.js';
import { ServerStats } from './stats.js';

const home = createTempHome('mb-logger-');
afterAll(() => home.remove());

describe('closeLogger', () => {
  it('a line logged after the close (a connection closing late in a shutdown) is dropped, not thrown', async () => {
    const logDir = join(home.dir, 'logs');
    const logger = createLogger({
      logDir,
      level: 'info',
      consoleLevel: false,
      maxSize: 1_000_000,
      maxFiles: 2,
    });
    const uncaught: Error[] = [];
    const onUncaught = (error: Error) => uncaught.push(error);
    process.prependListener('uncaughtException', onUncaught);
    try {
      logger.info('before the close');
      await closeLogger(logger);
      logger.info('after the close');
      logger.warn('and another');
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
    const lines = readFileSync(join(logDir, LOG_FILE_NAME), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { message: string }).message)).toEqual(['before the close']);
  });
});

describe('the request log', () => {
  /** Logs one request that ends with `status` through a logger at `level`; answers the log calls. */
  const logged = (level: LogLevel, status: number) => {
    const logger = createLogger({
      logDir: join(home.dir, `logs-${level}`),
      level,
      consoleLevel: false,
      maxSize: 1_000_000,
      maxFiles: 2,
    });
    const log = vi.spyOn(logger, 'log');
    const res = Object.assign(new EventEmitter(), { statusCode: status, locals: {}, writableFinished: true });
    const req = { method: 'POST', path: '/sessions/s/execute' };
    requestLog(logger, new ServerStats())(req as Request, res as unknown as Response, () => {});
    res.emit('close');
    return log.mock.calls.length;
  };

  it('builds no line that no transport would take, and still logs those one would', () => {
    // A success logs at `http`: nothing at `warn`, a line at `http`; a server error logs at `warn`.
    expect(logged('warn', 200)).toBe(0);
    expect(logged('http', 200)).toBe(1);
    expect(logged('warn', 500)).toBe(1);
  });
});
