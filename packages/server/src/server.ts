import { chmod, mkdir, stat } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BrowserManager } from '@marketbridge/browser-manager';
import { SessionRegistry } from '@marketbridge/registry';
import type { Express } from 'express';
import type winston from 'winston';
import { createApp } from './app.js';
import { BackgroundLoop } from './background.js';
import { CLOSE } from './cdp/cdp-bridge.js';
import { CdpGateway } from './cdp/cdp-gateway.js';
import { CdpTickets } from './cdp/cdp-tickets.js';
import { AuthThrottle } from './http/auth-throttle.js';
import { LiveHub } from './live-hub.js';
import { closeLogger, createLogger } from './logger.js';
import { resolveServerOptions, type ServerConfig, type ServerOptions } from './options.js';
import { SessionService } from './session-service.js';
import { ServerStats } from './stats.js';
import { loadOrCreateToken } from './token.js';
import { SERVER_VERSION } from './version.js';

export interface RunningServer {
  /** `http://<host>:<port>` (IPv6 hosts in brackets). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The API token clients must send (also in `<home>/token`); undefined with `noAuth`. */
  readonly token: string | undefined;
  readonly config: ServerConfig;
  readonly app: Express;
  readonly httpServer: Server;
  readonly manager: BrowserManager;
  readonly registry: SessionRegistry;
  readonly sessions: SessionService;
  readonly logger: winston.Logger;
  readonly stats: ServerStats;
  /** CDP clients attached to sessions (`ws://…/sessions/<id>/cdp`). */
  readonly cdp: CdpGateway;
  /** Ids of the sessions restored from the registry at start, and of those that failed. */
  readonly startup: { restored: string[]; failed: string[] };
  /** Writes pending registry updates now. */
  flush(): Promise<void>;
  /**
   * Stops accepting requests, flushes the registry, saves every session and closes the browsers,
   * leaving live sessions' records active (status `restoring`) so the next start restores them.
   * Bounded by `shutdownTimeoutMs`. Safe to call twice.
   */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

async function ensurePrivateDir(dir: string, logger?: winston.Logger): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const mode = (await stat(dir)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    await chmod(dir, 0o700).catch(() => undefined);
    logger?.warn(`Tightened permissions of ${dir} from ${mode.toString(8)} to 700`);
  }
}

const LISTEN_BACKLOG = 4096;

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    // Node's default accept backlog (511) overflows when hundreds of clients connect at once: the kernel
    // drops their handshakes and they retry after 1, 3, 7 s. The kernel caps this at net.core.somaxconn.
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

function closeHttp(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, timeoutMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Builds everything (home directories 0700, token file 0600, logger, registry, browser manager),
 * listens, restores the sessions the registry lists as active, and starts the background loop.
 * Requests that arrive while sessions are being restored wait for it.
 */
export async function createServer(options: ServerOptions = {}): Promise<RunningServer> {
  const config = resolveServerOptions(options);
  await ensurePrivateDir(config.home);
  for (const dir of [config.logDir, config.screenshotsDir, config.stateDir]) await ensurePrivateDir(dir);
  const logger = createLogger({
    logDir: config.logDir,
    level: config.logLevel,
    consoleLevel: config.consoleLogLevel,
    maxSize: config.logMaxSize,
    maxFiles: config.logMaxFiles,
  });

  let token: string | undefined;
  if (!config.noAuth) {
    const loaded = await loadOrCreateToken(config.tokenFile, config.token).catch(async (error: unknown) => {
      // An unusable token file stops the start: say so in the log too, and leave nothing open.
      logger.error(error instanceof Error ? error.message : String(error));
      await closeLogger(logger);
      throw error;
    });
    token = loaded.token;
    if (loaded.written) logger.info(`Wrote the API token to ${config.tokenFile}`);
    if (loaded.fixedMode !== undefined) {
      logger.warn(`${config.tokenFile} had mode ${loaded.fixedMode.toString(8)}; changed it to 600`);
    }
  } else {
    logger.warn('Serving WITHOUT a token (noAuth): any local process can drive the browsers');
  }

  const registry = new SessionRegistry({
    file: config.registryFile,
    onWarning: (message) => logger.warn(`registry: ${message}`),
  });
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
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const live = new LiveHub();
  const cdpTickets = new CdpTickets();
  // One count of failed authentications for the REST API and the CDP endpoint alike.
  const authThrottle = config.authThrottle ? new AuthThrottle(config.authThrottle) : undefined;
  const app = createApp({
    manager,
    registry,
    config,
    token,
    logger,
    stats,
    sessions,
    ready,
    live,
    cdpTickets,
    ...(authThrottle ? { authThrottle } : {}),
  });
  const httpServer = createHttpServer(app);
  const cdp = new CdpGateway({ manager, config, token, tickets: cdpTickets, logger, authThrottle });
  httpServer.on('upgrade', (req, socket, head) => {
    if (CdpGateway.handles(req)) {
      ready.then(() => cdp.upgrade(req, socket, head));
      return;
    }
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  // A client's view ends with the context it was attached to: it reconnects to the same URL.
  const reconnect = "The session's context was replaced; reconnect to the same URL";
  manager.on('session-restoring', ({ session }) => cdp.closeSession(session.id, CLOSE.reconnect, reconnect));
  manager.on('session-recycled', ({ session }) => cdp.closeSession(session.id, CLOSE.reconnect, reconnect));
  manager.on('session-closed', ({ session }) =>
    cdp.closeSession(session.id, CLOSE.gone, 'The session was deleted'),
  );
  // Time a client may take to send its request (slow-loris bound); responses have their own bound.
  httpServer.headersTimeout = 15_000;
  httpServer.requestTimeout = 60_000;

  let address: AddressInfo;
  try {
    address = await listen(httpServer, config.host, config.port);
  } catch (error) {
    sessions.sync.detach();
    await manager.close({ timeoutMs: 5_000 });
    await closeLogger(logger);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(
        `Port ${config.port} on ${config.host} is already in use (another mb-browser server?). Pick another with --port.`,
        { cause: error },
      );
    }
    throw error;
  }
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;

  let startup: { restored: string[]; failed: string[] } = { restored: [], failed: [] };
  try {
    const result = await sessions.restoreAll();
    startup = { restored: result.restored.map((s) => s.id), failed: result.failed };
    if (result.restored.length + result.failed.length > 0) {
      logger.info(`Restored ${result.restored.length} session(s) from the registry`, {
        failed: result.failed.length,
      });
    }
  } catch (error) {
    // An unreadable registry (corrupt: moved aside and reported) must not keep the server down.
    logger.error(`Could not read the registry to restore sessions: ${(error as Error).message}`);
  }
  // The default browser and its ready contexts, made now rather than by the first new session. In the
  // background: the server answers meanwhile, and a create in the meantime shares the launch.
  if (config.prelaunch)
    manager
      .prepare()
      .catch((error) =>
        logger.warn(
          `Could not launch the browser at start (the first session will try again): ${(error as Error).message}`,
        ),
      );
  // Kept sessions past the retention rule (a registry grown before, or a rule made stricter) go now.
  await sessions
    .forgetExpired()
    .catch((error) => logger.warn(`Retention of kept sessions failed: ${(error as Error).message}`));
  const background = new BackgroundLoop(sessions, logger, {
    intervalMs: config.backgroundIntervalMs,
    maxIdleHours: config.maxIdleHours,
  });
  background.start();
  markReady();
  logger.info(`MarketBridge session server ${SERVER_VERSION} listening on ${url}`, {
    pid: process.pid,
    home: config.home,
    auth: !config.noAuth,
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      stats.closing = true;
      const bound = config.shutdownTimeoutMs;
      const started = Date.now();
      const left = () => Math.max(1_000, bound - (Date.now() - started));
      const stopHttp = closeHttp(httpServer, Math.min(5_000, bound / 3));
      live.closeAll(); // live streams never go idle on their own
      cdp.closeAll(CLOSE.reconnect, 'The server is stopping; reconnect to the same URL once it is back');
      await background.stop();
      await stopHttp;
      await sessions.markForRestart();
      await manager.close({ timeoutMs: left() });
      logger.info('Server stopped');
      await closeLogger(logger);
    })();
    return closing;
  };

  return {
    url,
    host: config.host,
    port: address.port,
    token,
    config,
    app,
    httpServer,
    manager,
    registry,
    sessions,
    logger,
    stats,
    cdp,
    startup,
    flush: () => sessions.sync.flush(),
    close,
    [Symbol.asyncDispose]: close,
  };
}
