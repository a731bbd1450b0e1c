import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import winston from 'winston';
import { LogFileTransport } from './log-file-transport.js';
import type { LogLevel } from './options.js';

export const LOG_FILE_NAME = 'browser_session_server.log';

export interface LoggerOptions {
  logDir: string;
  level: LogLevel;
  consoleLevel: LogLevel | false;
  maxSize: number;
  maxFiles: number;
}

/** JSON lines to `<logDir>/browser_session_server.log` (size-rotated) plus a readable console. */
export function createLogger(options: LoggerOptions): winston.Logger {
  mkdirSync(options.logDir, { recursive: true, mode: 0o700 });
  const { combine, timestamp, json, printf, colorize } = winston.format;
  const transports: winston.transport[] = [
    new LogFileTransport({
      file: join(options.logDir, LOG_FILE_NAME),
      level: options.level,
      maxSize: options.maxSize,
      maxFiles: options.maxFiles,
      format: combine(timestamp(), json()),
      // Not through the logger: the file is what is failing.
      onTrouble: (message) => {
        if (options.consoleLevel !== false)
          process.stderr.write(`${new Date().toISOString()} warn ${message}\n`);
      },
    }),
  ];
  if (options.consoleLevel !== false) {
    transports.push(
      new winston.transports.Console({
        level: options.consoleLevel,
        format: combine(
          colorize(),
          timestamp(),
          printf(({ level, message, timestamp: ts, ...rest }) => {
            const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
            return `${ts} ${level} ${message}${extra}`;
          }),
        ),
      }),
    );
  }
  // Each transport filters to its own level; the logger's is the most verbose of theirs, and callers on
  // a hot path (the request log) ask `isLevelEnabled` before building a line no transport would take.
  return winston.createLogger({ level: mostVerbose(options), transports, exitOnError: false });
}

function mostVerbose({ level, consoleLevel }: LoggerOptions): LogLevel {
  const rank = winston.config.npm.levels;
  return consoleLevel !== false && rank[consoleLevel] > rank[level] ? consoleLevel : level;
}

/**
 * Ends the logger and waits (bounded) until the file transport has written everything. A line logged
 * after this (the request log of a connection that closes late in a shutdown) is dropped: an ended
 * stream would otherwise emit, and with no listener throw, "write after end".
 */
export async function closeLogger(logger: winston.Logger, timeoutMs = 2_000): Promise<void> {
  logger.on('error', (error: Error & { code?: string }) => {
    if (error.code !== 'ERR_STREAM_WRITE_AFTER_END') process.stderr.write(`logger: ${error.message}\n`);
  });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    logger.on('finish', () => {
      clearTimeout(timer);
      resolve();
    });
    logger.end();
  });
}

/** A logger that drops everything, for embedders who pass none to `createApp`. */
export function silentLogger(): winston.Logger {
  return winston.createLogger({
    silent: true,
    transports: [new winston.transports.Console({ silent: true })],
  });
}
