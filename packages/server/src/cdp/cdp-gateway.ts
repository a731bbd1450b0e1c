import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ErrorCode, errorStatus } from '@marketbridge/api-types';
import type { BrowserManager } from '@marketbridge/browser-manager';
import type winston from 'winston';
import { WebSocketServer } from 'ws';
import { toHttpError } from '../errors.js';
import type { AuthThrottle } from '../http/auth-throttle.js';
import { hostAllowlist, hostnameOf } from '../http/security.js';
import type { ServerConfig } from '../options.js';
import { bearerToken, tokenMatches } from '../token.js';
import { CdpBridge, MAX_CLIENT_MESSAGE_BYTES } from './cdp-bridge.js';
import type { CdpTickets } from './cdp-tickets.js';

/**
 * `/sessions/<id or name>/cdp` (the browser-level endpoint clients attach to) and
 * `/sessions/<id or name>/cdp/page/<targetId>` (one page, for the DevTools frontend).
 */
const CDP_PATH = /^\/sessions\/([^/]{1,128})\/cdp(?:\/page\/([A-Za-z0-9]{1,64}))?$/;

export interface CdpGatewayDeps {
  manager: BrowserManager;
  config: ServerConfig;
  token: string | undefined;
  tickets: CdpTickets;
  logger: winston.Logger;
  /** Slows repeated refused upgrades from one address, as for the REST API. */
  authThrottle?: AuthThrottle | undefined;
}

class UpgradeRefused extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Lets CDP clients (Playwright's connectOverCDP, Puppeteer, DevTools) into sessions over WebSocket:
 * the same Host/Origin checks and token as the REST API (or a single-use ticket), then one bridge per
 * client. Bridges of a session end, with a reason, when its context is replaced or it is deleted.
 */
export class CdpGateway {
  readonly #wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
  });
  readonly #bridges = new Map<string, Set<CdpBridge>>();
  readonly #allowedHosts: Set<string>;

  constructor(private readonly deps: CdpGatewayDeps) {
    this.#allowedHosts = hostAllowlist(deps.config.host, deps.config.allowedHosts);
  }

  /** Whether this upgrade is ours (the server answers 404 to any other). */
  static handles(req: IncomingMessage): boolean {
    return CDP_PATH.test(new URL(req.url ?? '/', 'http://x').pathname);
  }

  /** Attached clients now. */
  get size(): number {
    let n = 0;
    for (const set of this.#bridges.values()) n += set.size;
    return n;
  }

  clientsOf(sessionId: string): number {
    return this.#bridges.get(sessionId)?.size ?? 0;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    this.#admit(req).then(
      ({ sessionId, upstreamUrl, browserContextId, page }) => {
        if (socket.destroyed) return;
        this.#wss.handleUpgrade(req, socket, head, (client) => {
          const bridge = new CdpBridge(
            client,
            upstreamUrl,
            browserContextId,
            (b) => this.#forget(sessionId, b),
            page ? 'page' : 'browser',
          );
          const set = this.#bridges.get(sessionId) ?? new Set<CdpBridge>();
          this.#bridges.set(sessionId, set);
          set.add(bridge);
          this.deps.logger.info(`A CDP client attached to session ${sessionId}`);
        });
      },
      (error: unknown) => {
        const failure =
          error instanceof UpgradeRefused && error.code === 'unauthorized'
            ? this.deps.authThrottle?.failure(req.socket.remoteAddress ?? 'unknown')
            : undefined;
        if (failure && failure.delayMs > 0) setTimeout(() => refuse(socket, error), failure.delayMs).unref();
        else refuse(socket, error);
      },
    );
  }

  /** Ends every client of a session (its context was replaced, or it is gone). */
  closeSession(sessionId: string, code: number, reason: string): void {
    for (const bridge of this.#bridges.get(sessionId) ?? []) bridge.close(code, reason);
  }

  closeAll(code: number, reason: string): void {
    for (const id of [...this.#bridges.keys()]) this.closeSession(id, code, reason);
    this.#wss.close();
  }

  #forget(sessionId: string, bridge: CdpBridge): void {
    const set = this.#bridges.get(sessionId);
    set?.delete(bridge);
    if (set?.size === 0) this.#bridges.delete(sessionId);
  }

  async #admit(req: IncomingMessage) {
    const url = new URL(req.url ?? '/', 'http://x');
    const match = CDP_PATH.exec(url.pathname);
    if (!match) throw new UpgradeRefused('not_found', 'No WebSocket endpoint here.');
    const host = req.headers.host;
    const hostName = host ? hostnameOf(host) : undefined;
    if (!hostName || !this.#allowedHosts.has(hostName)) {
      throw new UpgradeRefused('forbidden', `Host "${String(host ?? '').slice(0, 100)}" is not allowed.`);
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !this.#originAllowed(origin)) {
      throw new UpgradeRefused(
        'forbidden',
        'Cross-site WebSocket connections are not allowed: the Origin is not this server.',
      );
    }
    let idOrName: string;
    try {
      idOrName = decodeURIComponent(match[1] as string);
    } catch {
      throw new UpgradeRefused('invalid_request', 'The session id in the path is not valid.');
    }
    const session = this.deps.manager.findSession(idOrName);
    const presented = bearerToken(req.headers.authorization);
    const ticket = url.searchParams.get('ticket');
    if (this.deps.token !== undefined) {
      const byToken = presented !== undefined && tokenMatches(presented, this.deps.token);
      const byTicket =
        !byToken && ticket !== null && session !== undefined && this.deps.tickets.redeem(ticket, session.id);
      if (!byToken && !byTicket) {
        throw new UpgradeRefused(
          'unauthorized',
          presented !== undefined
            ? 'The API token was refused (see $MARKETBRIDGE_HOME/token).'
            : ticket !== null
              ? 'The ticket is unknown, used, expired or for another session: ask for a new one (POST /sessions/:id/cdp/ticket).'
              : 'Missing API token: send "Authorization: Bearer <token>", or connect with a ticket (POST /sessions/:id/cdp/ticket).',
        );
      }
    }
    if (!session) {
      throw new UpgradeRefused(
        'session_not_found',
        `No live session with id or name "${idOrName.slice(0, 64)}". Create it (or bring it back) first.`,
      );
    }
    const { browserWsUrl, browserContextId } = await this.deps.manager.devtoolsTarget(session.id);
    const page = match[2];
    if (page === undefined) return { sessionId: session.id, upstreamUrl: browserWsUrl, browserContextId };
    const pages = await this.deps.manager.devtoolsPages(session.id);
    if (!pages.some((p) => p.targetId === page)) {
      throw new UpgradeRefused('not_found', `Session "${session.name}" has no page ${page}.`);
    }
    const upstreamUrl = browserWsUrl.replace(/\/devtools\/browser\/.*$/, `/devtools/page/${page}`);
    return { sessionId: session.id, upstreamUrl, browserContextId, page };
  }

  #originAllowed(origin: string): boolean {
    try {
      const url = new URL(origin);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
      const name = hostnameOf(url.host);
      return name !== undefined && this.#allowedHosts.has(name);
    } catch {
      return false;
    }
  }
}

/** Answers a refused upgrade with the API's error body, then hangs up. */
function refuse(socket: Duplex, error: unknown): void {
  if (socket.destroyed) return;
  const { code, message } =
    error instanceof UpgradeRefused ? { code: error.code, message: error.message } : toHttpError(error);
  const status = errorStatus[code];
  const body = JSON.stringify({ error: { code, message } });
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    ...(status === 401 ? ['WWW-Authenticate: Bearer realm="marketbridge"'] : []),
    'Connection: close',
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
