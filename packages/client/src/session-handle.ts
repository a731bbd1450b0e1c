import type {
  AddCookiesResponse,
  ClearCookiesQuery,
  ClearCookiesResponse,
  ConsoleEntry,
  Cookie,
  CookiesQuery,
  DeleteSessionResponse,
  HistoryRequest,
  HistoryResponse,
  InputRequest,
  InputResponse,
  InteractRequest,
  NavigateRequest,
  NavigateResponse,
  Session,
  SessionChangeEvent,
  SetCookie,
  StorageStateResponse,
  WaitRequest,
  WaitResponse,
} from '@marketbridge/api-types';
import type { ActionOptions } from './action-shortcuts.js';
import { MarketBridgeError } from './errors.js';
import type { Frame, FramesOptions } from './frames.js';
import type { LiveStream } from './live-stream.js';
import { operationBound, queryBoolean } from './request-spec.js';
import { writeStorageState } from './session-files.js';
import { SessionPages } from './session-pages.js';
import { type ChangesTarget, openChanges, openFrames } from './session-streams.js';
import type { Transport } from './transport.js';

/**
 * One server-side session. Methods act on its active page; the browser stays when the script exits.
 * A handle from `client.session(name)` names its session and has not asked for it yet: its first
 * action is its first request (SessionNotFoundError if there is no such session), and `info` and `id`
 * are known once a call has returned the session (`refresh()`, `navigate()`, `recycle()`...). Its
 * pages, their output and CDP are in SessionPages, the shortcuts (click, fill...) in ActionShortcuts.
 */
export class SessionHandle extends SessionPages {
  #info: Session | undefined;
  /** Set for a handle made by name: its requests name the session instead of giving its id. */
  readonly #byName: string | undefined;

  constructor(transport: Transport, info: Session | { name: string }) {
    super(transport);
    if ('id' in info) this.#info = info;
    else this.#byName = info.name;
  }

  get id(): string {
    return this.info.id;
  }

  get name(): string {
    return this.#byName ?? this.info.name;
  }

  /** The session as last seen (after creation, `refresh()`, or a navigation). */
  get info(): Session {
    if (!this.#info) {
      throw new MarketBridgeError(
        `Session "${this.#byName}": not fetched yet (a handle by name asks for nothing); await refresh() first`,
      );
    }
    return this.#info;
  }

  get isActive(): boolean {
    return this.info.active && this.info.status === 'active';
  }

  /** The path params of this session's routes: by name for a handle by name (the server takes both). */
  protected get params(): { id: string } {
    return { id: this.#byName ?? this.info.id };
  }

  /** Keeps what an action answered about the page, once the session has been seen. */
  #seen(update: Partial<Session>): void {
    if (this.#info) this.#info = { ...this.#info, ...update };
  }

  /** Fetches the session again from the server. */
  async refresh(): Promise<Session> {
    this.#info = await this.transport.call('getSession', { params: this.params });
    return this.#info;
  }

  async navigate(url: string, options: Omit<NavigateRequest, 'url'> = {}): Promise<NavigateResponse> {
    const body = { url, ...options };
    const result = await this.transport.call('navigate', {
      params: this.params,
      body,
      timeoutMs: operationBound(options),
    });
    this.#seen({ currentUrl: result.url, title: result.title });
    return result;
  }

  /**
   * Runs JavaScript in the page: an expression (`document.title`) or a function body using `return`;
   * the extra arguments are JSON values available as `args`. The result is what the page returned.
   */
  async executeJs<T = unknown>(script: string, ...args: unknown[]): Promise<T> {
    return this.executeWith<T>(script, args);
  }

  async executeWith<T = unknown>(
    script: string,
    args: unknown[] = [],
    options: ActionOptions = {},
  ): Promise<T> {
    const { result } = await this.transport.call('execute', {
      params: this.params,
      body: { script, args, ...options },
      timeoutMs: operationBound(options),
    });
    return result as T;
  }

  async interact(request: InteractRequest): Promise<void> {
    await this.transport.call('interact', {
      params: this.params,
      body: request,
      timeoutMs: operationBound(request),
    });
  }

  async waitFor(request: WaitRequest): Promise<WaitResponse> {
    return this.transport.call('wait', {
      params: this.params,
      body: request,
      timeoutMs: operationBound(request),
    });
  }

  /**
   * A mouse click or wheel at viewport coordinates (CSS pixels), typed text, or a key press, on the
   * active page — what a person at the live view does; no selector needed.
   */
  async input(request: InputRequest): Promise<InputResponse> {
    return this.transport.call('input', {
      params: this.params,
      body: request,
      timeoutMs: operationBound(request),
    });
  }

  /**
   * Replaces the session's browser context by a fresh one (after the operations already queued): state
   * saved, the same pages reopened, same id and name. Frees what a long-lived context has grown;
   * in-page JavaScript state is not kept. Resolves to how long it took, in ms.
   */
  async recycle(): Promise<number> {
    const result = await this.transport.call('recycleSession', { params: this.params, body: {} });
    this.#info = result.session;
    return result.durationMs;
  }

  /** Back, forward or reload on the active page; `moved` is false when there was nowhere to go. */
  async history(request: HistoryRequest | HistoryRequest['action']): Promise<HistoryResponse> {
    const body = typeof request === 'string' ? { action: request } : request;
    const result = await this.transport.call('history', {
      params: this.params,
      body,
      timeoutMs: operationBound(body),
    });
    this.#seen({ currentUrl: result.url, title: result.title });
    return result;
  }

  /**
   * The live picture of the active page: JPEG frames as the page changes (the newest one at once). A
   * reader that falls behind misses frames rather than lagging. Ends when the session is closed.
   */
  async frames(options: FramesOptions = {}): Promise<LiveStream<Frame>> {
    return openFrames(this.transport, this.params, options);
  }

  /**
   * This session's changes as they happen (navigated, crashed, restored, recycled, closed...), each
   * also kept as `info`. It is open once this resolves, so nothing done after is missed; it ends after
   * the `closed` event.
   */
  async events(options: { signal?: AbortSignal } = {}): Promise<LiveStream<SessionChangeEvent>> {
    const target: ChangesTarget = {
      current: () => this.#info,
      refresh: () => this.refresh(),
      keep: (session) => {
        this.#info = session;
      },
    };
    return openChanges(this.transport, target, options.signal);
  }

  // ---- cookies, storage state, clone ------------------------------------------------------------

  /** The session's cookies: all, those `url` would be sent, or those of one `name`. */
  async cookies(filter: CookiesQuery = {}): Promise<Cookie[]> {
    return (await this.transport.call('listCookies', { params: this.params, query: filter })).cookies;
  }

  /** Adds cookies (each with a `url`, or a `domain` and a `path`); one of the same name, domain and path is replaced. */
  addCookies(cookies: SetCookie[]): Promise<AddCookiesResponse> {
    return this.transport.call('addCookies', { params: this.params, body: { cookies } });
  }

  /** Removes the cookies matching every filter given (`name`, `domain`, `path`); all of them without one. */
  clearCookies(filter: ClearCookiesQuery = {}): Promise<ClearCookiesResponse> {
    return this.transport.call('clearCookies', { params: this.params, query: filter });
  }

  /**
   * The session's cookies and localStorage in Playwright's storage-state format — what
   * `createSession(name, { storageState })` or Playwright's `newContext({ storageState })` take back.
   * Also written to `path` when one is given (Node; mode 0600: it holds the session's logins).
   */
  async storageState(path?: string): Promise<StorageStateResponse> {
    return writeStorageState(path, await this.transport.call('storageState', { params: this.params }));
  }

  /**
   * A new session named `name` with this one's options, cookies and localStorage (with `withPages`,
   * its page URLs too); from then on the two are apart. The name must be free, live or kept.
   */
  async clone(name: string, options: { withPages?: boolean } = {}): Promise<SessionHandle> {
    const body = { name, ...options };
    const info = await this.transport.call('cloneSession', { params: this.params, body, timeoutMs: 90_000 });
    return new SessionHandle(this.transport, info);
  }

  /** Recent console messages and page errors, oldest first. */
  async console(limit?: number, pageId?: string): Promise<ConsoleEntry[]> {
    const query = { limit, ...(pageId ? { pageId } : {}) };
    return (await this.transport.call('console', { params: this.params, query })).entries;
  }

  /** Closes the session on the server (its saved state too, unless `keepState`). */
  delete(options: { keepState?: boolean } = {}): Promise<DeleteSessionResponse> {
    const query = { keepState: queryBoolean(options.keepState) };
    return this.transport.call('deleteSession', { params: this.params, query });
  }
}
