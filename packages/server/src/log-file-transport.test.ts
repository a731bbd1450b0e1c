import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, mountSmallDisk, smallDiskUnavailable } from '@marketbridge/test-helpers';
import { describe, expect, it } from 'vitest';
import winston from 'winston';
import { LogFileTransport } from './log-file-transport.js';

const { combine, timestamp, json } = winston.format;

function loggerTo(file: string, maxSize: number, maxFiles: number, trouble: string[] = []) {
  return winston.createLogger({
    transports: [
      new LogFileTransport({
        file,
        maxSize,
        maxFiles,
        format: combine(timestamp(), json()),
        onTrouble: (message) => trouble.push(message),
      }),
    ],
  });
}

/** Logs and waits until the transport has written the line (or dropped it). */
function logged(logger: winston.Logger, message: string): Promise<void> {
  return new Promise((resolve) => {
    logger.transports[0]?.once('logged', () => resolve());
    logger.info(message);
  });
}

const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { message: string });

describe('LogFileTransport', () => {
  it('rotates by size: the base file is the newest, then 1, 2; older ones are deleted', async () => {
    using home = createTempHome();
    const file = home.path('server.log');
    const logger = loggerTo(file, 300, 3);
    for (let i = 0; i < 40; i++) await logged(logger, `line ${String(i).padStart(2, '0')}`);
    expect(
      readdirSync(home.dir)
        .filter((f) => f.startsWith('server'))
        .sort(),
    ).toEqual(['server.log', 'server1.log', 'server2.log']);
    const kept = [
      ...linesOf(home.path('server2.log')),
      ...linesOf(home.path('server1.log')),
      ...linesOf(file),
    ];
    const numbers = kept.map((l) => Number(l.message.slice(5)));
    expect(numbers.at(-1)).toBe(39);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b)); // oldest file first, in order
    expect(numbers[0]).toBeGreaterThan(0); // the oldest lines went with the deleted file
    logger.close();
  });
});

const unavailable = smallDiskUnavailable();
describe.skipIf(unavailable)(`on a full disk${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('drops lines while the disk is full, says so once, and resumes by itself with a note of the loss', async () => {
    const disk = mountSmallDisk(256, 'mb-log-disk-');
    try {
      const file = join(disk.dir, 'server.log');
      const trouble: string[] = [];
      const logger = loggerTo(file, 1_000_000, 2, trouble);
      await logged(logger, 'before');
      disk.fill();
      // Longer than what is left of the file's last page, so each needs a block the disk does not have.
      for (let i = 0; i < 5; i++) await logged(logger, `lost ${i} ${'x'.repeat(5_000)}`);
      expect(trouble).toEqual([expect.stringMatching(/Could not write .*server\.log \(ENOSPC\)/)]);
      disk.unfill();
      await logged(logger, 'after');
      expect(linesOf(file).map((l) => l.message)).toEqual([
        'before',
        `5 log line(s) were dropped while ${file} could not be written (ENOSPC)`,
        'after',
      ]);
      expect(trouble[1]).toMatch(/works again; 5 line\(s\) were lost/);
      logger.close();
    } finally {
      disk.remove();
    }
  });
});
