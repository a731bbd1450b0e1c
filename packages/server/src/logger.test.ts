import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome } from '@marketbridge/test-helpers';
import { afterAll, describe, expect, it } from 'vitest';
import { closeLogger, createLogger, LOG_FILE_NAME } from './logger.js';

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
