/**
 * The parts a server is made of, built from its config before any of them meets HTTP: the home's
 * private directories, the logger, the API token, the registry, the browser manager and the session
 * service over both. server.ts wires them to the HTTP side.
 */

import { chmod, mkdir, stat } from 'node:fs/promises';
import { BrowserManager } from '@marketbridge/browser-manager';
import { SessionRegistry } from '@marketbridge/registry';
import type winston from 'winston';
import { closeLogger, createLogger } from './logger.js';
import type { ServerConfig } from './options.js';
import { SessionService } from './session-service.js';
import { ServerStats } from './stats.js';
import { loadOrCreateToken } from './token.js';

export interface ServerParts {
  readonly logger: winston.Logger;
  /** The API token clients must send; undefined with `noAuth`. */
  readonly token: string | undefined;
  readonly registry: SessionRegistry;
  readonly manager: BrowserManager;
  readonly stats: ServerStats;
  readonly sessions: SessionService;
}

async function ensurePrivateDir(dir: string, logger?: winston.Logger): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const mode = (await stat(dir)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    await chmod(dir, 0o700).catch(() => undefined);
    logger?.warn(`Tightened permissions of ${dir} from ${mode.toString(8)} to 700`);
  }
}

async function loadToken(config: ServerConfig, logger: winston.Logger): Promise<string | undefined> {
  if (config.noAuth) {
    logger.warn('Serving WITHOUT a token (noAuth): any local process can drive the browsers');
    return undefined;
  }
  const loaded = await loadOrCreateToken(config.tokenFile, config.token).catch(async (error: unknown) => {
    // An unusable token file stops the start: say so in the log too, and leave nothing open.
    logger.error(error instanceof Error ? error.message : String(error));
    await closeLogger(logger);
    throw error;
  });
  if (loaded.written) logger.info(`Wrote the API token to ${config.tokenFile}`);
  if (loaded.fixedMode !== undefined) {
    logger.warn(`${config.tokenFile} had mode ${loaded.fixedMode.toString(8)}; changed it to 600`);
  }
  return loaded.token;
}

async function openManager(config: ServerConfig, logger: winston.Logger): Promise<BrowserManager> {
  const manager = await BrowserManager.create({
    home: config.home,
    stateDir: config.stateDir,
    defaultTimeoutMs: config.operationTimeoutMs,
    maxQueuedOperations: config.maxQueuedOperations,
    maxSessions: config.maxSessions,
    saveIntervalMs: config.saveIntervalMs,
    allowFileUrls: config.allowFileUrls,
    ...(config.recycleAfterMinutes
      ? { recycleAfterMs: Math.round(config.recycleAfterMinutes * 60_000) }
      : {}),
    ...(config.recycleAfterOperations ? { recycleAfterOperations: config.recycleAfterOperations } : {}),
    ...(config.executablePath ? { executablePath: config.executablePath } : {}),
    ...(config.browserEndpoint ? { browserEndpoint: config.browserEndpoint } : {}),
    cdp: config.cdp,
    warmContexts: config.warmContexts,
  });
  manager.on('warning', ({ message }) => logger.warn(`browser-manager: ${message}`));
  if (manager.reapedAtStart.length > 0)
    logger.warn(`Killed ${manager.reapedAtStart.length} browser process(es) left by a dead server`, {
      pids: manager.reapedAtStart,
    });
  if (manager.tempFilesRemovedAtStart.length > 0)
    logger.warn(`Removed half-written state files left by a killed server`, {
      files: manager.tempFilesRemovedAtStart,
    });
  return manager;
}

/** Makes the home's directories (0700), then the logger, token, registry, manager and session service. */
export async function buildServerParts(config: ServerConfig): Promise<ServerParts> {
  await ensurePrivateDir(config.home);
  for (const dir of [config.logDir, config.screenshotsDir, config.stateDir]) await ensurePrivateDir(dir);
  const logger = createLogger({
    logDir: config.logDir,
    level: config.logLevel,
    consoleLevel: config.consoleLogLevel,
    maxSize: config.logMaxSize,
    maxFiles: config.logMaxFiles,
  });
  const token = await loadToken(config, logger);
  const registry = new SessionRegistry({
    file: config.registryFile,
    onWarning: (message) => logger.warn(`registry: ${message}`),
  });
  const manager = await openManager(config, logger);
  const stats = new ServerStats();
  manager.on('session-recycled', ({ session, reason, durationMs }) => {
    stats.sessionsRecycled++;
    logger.info(`Recycled the context of "${session.name}" (${reason}) in ${durationMs} ms`);
  });
  const sessions = new SessionService({
    manager,
    registry,
    logger,
    stats,
    stateDir: config.stateDir,
    retention: { maxKept: config.maxKeptSessions, maxAgeHours: config.keptSessionMaxAgeHours },
  });
  return { logger, token, registry, manager, stats, sessions };
}
