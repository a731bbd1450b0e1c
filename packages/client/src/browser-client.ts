import type {
  CleanupResponse,
  CreateSessionRequest,
  DeleteSessionResponse,
  HealthResponse,
  LoginCodeRequest,
  LoginCodeResponse,
  Session,
  StatsResponse,
} from '@marketbridge/api-types';
import { resolveBaseUrl, resolveToken } from './config.js';
import { SessionNotFoundError } from './errors.js';
import { LiveStream } from './live-stream.js';
import { queryBoolean } from './request-spec.js';
import { SessionHandle } from './session-handle.js';
import { openSessionsEvents, type SessionsStreamEvent } from './sessions-events.js';
import { Transport } from './transport.js';

export interface BrowserClientOptions {
  /** API token; default MB_BROWSER_TOKEN, else `MARKETBRIDGE_HOME/token`. */
  token?: string;
  /** Where the daemon keeps its token and PID file; default MARKETBRIDGE_HOME or ~/.marketbridge. */
  home?: string;
  /** Bound on requests that do not carry their own operation timeout (default 45000 ms). */
  timeoutMs?: number;
  /** Retries of a refused connection, e.g. while the daemon starts (default 3). */
  connectRetries?: number;
  /**
   * A live stream (`events()`, `frames()`) that receives nothing for this long fails with
   * ConnectionError (default 45000 ms; the server sends a keep-alive every 15 s). Catches a connection
   * that died without closing, such as a dropped network.
   */
  streamIdleTimeoutMs?: number;
  fetch?: typeof fetch;
}

export type CreateSessionOptions = Omit<CreateSessionRequest, 'name'>;

/** A one-time dashboard link: `url` opens the live dashboard once, before `expiresAt`. */
export interface DashboardLink extends LoginCodeResponse {
  url: string;
}

/**
 * Talks to the MarketBridge session server. The base URL is the argument, else MB_BROWSER_URL, else the
 * running daemon's PID file, else http://127.0.0.1:9247.
 */
export class BrowserClient {
  readonly #ready: Promise<Transport>;

  constructor(baseUrl?: string, options: BrowserClientOptions = {}) {
    this.#ready = (async () =>
      new Transport({
        baseUrl: await resolveBaseUrl(baseUrl, options.home),
        token: await resolveToken(options.token, options.home),
        timeoutMs: options.timeoutMs ?? 45_000,
        connectRetries: options.connectRetries ?? 3,
        streamIdleTimeoutMs: options.streamIdleTimeoutMs ?? 45_000,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }))();
    this.#ready.catch(() => undefined);
  }

  /** The server URL in use (after resolution). */
  async baseUrl(): Promise<string> {
    return (await this.#ready).baseUrl;
  }

  /** Creates a session; with `reuse: true`, returns the live session of that name instead. */
  async createSession(name?: string, options: CreateSessionOptions = {}): Promise<SessionHandle> {
    const transport = await this.#ready;
    const body = { ...(name !== undefined ? { name } : {}), ...options };
    return new SessionHandle(transport, await transport.call('createSession', { body, timeoutMs: 90_000 }));
  }

  /** A session by id (or name); throws SessionNotFoundError when there is none. */
  async getSession(id: string): Promise<SessionHandle> {
    const transport = await this.#ready;
    return new SessionHandle(transport, await transport.call('getSession', { params: { id } }));
  }

  /**
   * A handle on the session of that name, without asking the server: its first action is the first
   * request (one round trip), and fails with SessionNotFoundError when there is no such session. Its
   * `info` is fetched by `refresh()`. For a script that reuses a named session and must start fast.
   */
  async session(name: string): Promise<SessionHandle> {
    return new SessionHandle(await this.#ready, { name });
  }

  /** The session of that name, or null. */
  async getSessionByName(name: string): Promise<SessionHandle | null> {
    try {
      return await this.getSession(name);
    } catch (error) {
      if (error instanceof SessionNotFoundError) return null;
      throw error;
    }
  }

  async listSessions(filter: { name?: string; active?: boolean } = {}): Promise<Session[]> {
    const query = { ...filter, active: queryBoolean(filter.active) };
    return (await (await this.#ready).call('listSessions', { query })).sessions;
  }

  async deleteSession(id: string, options: { keepState?: boolean } = {}): Promise<DeleteSessionResponse> {
    const query = { keepState: queryBoolean(options.keepState) };
    return (await this.#ready).call('deleteSession', { params: { id }, query });
  }

  /** Closes sessions idle longer than `maxAgeHours`; returns their ids. */
  async cleanupSessions(options: { maxAgeHours: number }): Promise<string[]> {
    return (await this.cleanupReport(options)).deleted;
  }

  /**
   * {@link cleanupSessions}, answering the whole report: `deleted` (ids of the idle sessions closed)
   * and `forgotten` (kept sessions the server's retention rule dropped, with or without their state).
   */
  async cleanupReport(options: { maxAgeHours: number }): Promise<CleanupResponse> {
    return (await this.#ready).call('cleanupSessions', { body: options });
  }

  async serverHealth(): Promise<HealthResponse> {
    return (await this.#ready).call('health');
  }

  async stats(): Promise<StatsResponse> {
    return (await this.#ready).call('stats');
  }

  /** The server's Prometheus metrics, as the text a scraper reads (exposition format 0.0.4). */
  async metrics(): Promise<string> {
    const { bytes } = await (await this.#ready).callBytes('metrics');
    return new TextDecoder().decode(bytes);
  }

  /**
   * The live sessions list: a `snapshot` of every live session first, then one event per change to any
   * session (created, updated, crashed, restoring, restored, recycled, closed). Open once this resolves.
   */
  async events(options: { signal?: AbortSignal } = {}): Promise<LiveStream<SessionsStreamEvent>> {
    const { events, controller } = await openSessionsEvents(await this.#ready, options.signal);
    return new LiveStream(events, controller);
  }

  /**
   * A link that opens the server's live dashboard in a browser without the token: a single-use code
   * (in the URL fragment, never sent to a server or a log) that the page exchanges for the token.
   */
  async dashboardLink(options: LoginCodeRequest = {}): Promise<DashboardLink> {
    const transport = await this.#ready;
    const code = await transport.call('createLoginCode', { body: options });
    return { ...code, url: `${transport.baseUrl.replace(/\/$/, '')}${code.path}` };
  }

  /** Ends the live streams (`events()`, `frames()`) opened through this client; requests need no closing. */
  async close(): Promise<void> {
    const transport = await this.#ready.catch(() => undefined);
    transport?.closeStreams();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
