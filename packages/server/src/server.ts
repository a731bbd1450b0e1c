import { createServer as createHttpServer, type Server } from 'node:http';
import type { BrowserManager } from '@marketbridge/browser-manager';
import type { SessionRegistry } from '@marketbridge/registry';
import type { Express } from 'express';
import type winston from 'winston';
import { createApp } from './app.js';
import { CLOSE } from './cdp/cdp-bridge.js';
import { CdpGateway } from './cdp/cdp-gateway.js';
import { CdpTickets } from './cdp/cdp-tickets.js';
import { AuthThrottle } from './http/auth-throttle.js';
import { LiveHub } from './live-hub.js';
import { resolveServerOptions, type ServerConfig, type ServerOptions } from './options.js';
import { listenOrClose, shutDown, startUp, urlOf } from './server-lifecycle.js';
import { buildServerParts } from './server-parts.js';
import type { SessionService } from './session-service.js';
import type { ServerStats } from './stats.js';
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

/**
 * Builds everything (home directories 0700, token file 0600, logger, registry, browser manager: see
 * server-parts.ts), wires them to the HTTP app and the CDP endpoint, listens, restores the sessions the
 * registry lists as active, and starts the background loop (server-lifecycle.ts).
 * Requests that arrive while sessions are being restored wait for it.
 */
export async function createServer(options: ServerOptions = {}): Promise<RunningServer> {
  const config = resolveServerOptions(options);
  const parts = await buildServerParts(config);
  const { logger, token, registry, manager, stats, sessions } = parts;
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

  const address = await listenOrClose(httpServer, config, parts);
  const url = urlOf(address);
  const { startup, background } = await startUp(config, parts);
  markReady();
  logger.info(`MarketBridge session server ${SERVER_VERSION} listening on ${url}`, {
    pid: process.pid,
    home: config.home,
    auth: !config.noAuth,
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= shutDown(config, parts, { httpServer, live, cdp, background });
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
