/**
 * A built server's life: listening (or, when the port cannot be had, closing what was built), the
 * start-up work once it listens (restoring sessions, prelaunch, retention, the background loop), and
 * the shutdown that leaves live sessions to be restored by the next start.
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BackgroundLoop } from './background.js';
import { CLOSE } from './cdp/cdp-bridge.js';
import type { CdpGateway } from './cdp/cdp-gateway.js';
import type { LiveHub } from './live-hub.js';
import { closeLogger } from './logger.js';
import type { ServerConfig } from './options.js';
import type { ServerParts } from './server-parts.js';

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

/**
 * Listens on the configured host and port. When that fails, the parts built so far are closed (the
 * browsers, the log) before the error goes on; a port in use says so and what to do.
 */
export async function listenOrClose(
  httpServer: Server,
  config: ServerConfig,
  { sessions, manager, logger }: ServerParts,
): Promise<AddressInfo> {
  try {
    return await listen(httpServer, config.host, config.port);
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
}

/** `http://<host>:<port>`, an IPv6 host in brackets. */
export function urlOf(address: AddressInfo): string {
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${hostForUrl}:${address.port}`;
}

export interface StartedServer {
  /** Ids of the sessions restored from the registry, and of those that failed. */
  startup: { restored: string[]; failed: string[] };
  background: BackgroundLoop;
}

/**
 * The work once the server listens: restores the sessions the registry lists as active, starts the
 * prelaunch in the background, forgets kept sessions past the retention rule, and starts the
 * background loop.
 */
export async function startUp(
  config: ServerConfig,
  { sessions, manager, logger }: ServerParts,
): Promise<StartedServer> {
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
  return { startup, background };
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

export interface Serving {
  httpServer: Server;
  live: LiveHub;
  cdp: CdpGateway;
  background: BackgroundLoop;
}

/**
 * Stops accepting requests and ends the live streams and CDP clients, stops the background loop, marks
 * live sessions for restart, closes the browsers and the log; bounded by `shutdownTimeoutMs`.
 */
export async function shutDown(
  config: ServerConfig,
  { stats, sessions, manager, logger }: ServerParts,
  { httpServer, live, cdp, background }: Serving,
): Promise<void> {
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
}
