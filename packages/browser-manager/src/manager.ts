import { randomUUID } from 'node:crypto';
import {
  type AddCookiesResponse,
  type BrowserInfo,
  type BrowserType,
  type ClearCookiesQuery,
  type ClearCookiesResponse,
  type ConsoleEntry,
  type Cookie,
  DEFAULT_OPERATION_TIMEOUT_MS,
  type Download,
  type PageInfo,
  SESSION_START_TIMEOUT_MS,
  type Session,
  type SetCookie,
  type StorageStateResponse,
} from '@marketbridge/api-types';
import { homeLayout, resolveHome } from '@marketbridge/api-types/home';
import { ManagerPageActions } from './manager-page-actions.js';
import { buildManagerParts, type ManagerParts } from './manager-parts.js';
import { type BrowserProcessUsage, ownBrowserPids, ownBrowserUsage } from './processes.js';
import type { FrameListener, ScreencastOptions, ScreencastSubscription } from './screencast.js';
import type { SessionOperations } from './session-operations.js';
import type { SaveStats } from './state-saver.js';
import type {
  BrowserManagerOptions,
  CloneSessionOptions,
  CloseSessionOptions,
  CreateSessionOptions,
  CreateSessionResult,
  DevToolsTarget,
} from './types.js';
import type { WarmPoolStats } from './warm-pool.js';

export { DEFAULT_VIEWPORT } from './session-opener.js';

/** `MARKETBRIDGE_HOME` (with `~` expanded), else `~/.marketbridge`: the home layout's answer. */
export function defaultHome(env: Record<string, string | undefined> = process.env): string {
  return resolveHome(undefined, env);
}

/**
 * Owns browsers, one isolated context per named session, the sessions' pages and their saved state.
 * Knows nothing of HTTP: embed it directly (`await BrowserManager.create()`), or serve it with
 * @marketbridge/server.
 */
export class BrowserManager extends ManagerPageActions {
  readonly instanceId = randomUUID();
  readonly home: string;
  readonly stateDir: string;
  readonly defaultTimeoutMs: number;
  /** Bound of starting, restoring or recycling a session: never shorter than the operation timeout. */
  readonly startTimeoutMs: number;
  /** Browser processes of dead owners killed when this manager was created. */
  reapedAtStart: number[] = [];
  /** Half-written state files of killed processes removed when this manager was created. */
  tempFilesRemovedAtStart: string[] = [];
  readonly #parts: ManagerParts;

  static async create(options: BrowserManagerOptions = {}): Promise<BrowserManager> {
    const manager = new BrowserManager(options);
    const started = await manager.#parts.lifecycle.start();
    manager.tempFilesRemovedAtStart = started.tempFilesRemoved;
    manager.reapedAtStart = started.reaped;
    return manager;
  }

  private constructor(options: BrowserManagerOptions) {
    super();
    const layout = homeLayout(options.home, options.stateDir ? { stateDir: options.stateDir } : {});
    this.home = layout.home;
    this.stateDir = layout.stateDir;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    this.startTimeoutMs = Math.max(this.defaultTimeoutMs, SESSION_START_TIMEOUT_MS);
    this.#parts = buildManagerParts({
      options,
      instanceId: this.instanceId,
      stateDir: this.stateDir,
      downloadsDir: layout.downloadsDir,
      defaultTimeoutMs: this.defaultTimeoutMs,
      startTimeoutMs: this.startTimeoutMs,
      emit: (event, ...args) => this.emit(event, ...args),
    });
  }

  /**
   * Launches a browser kind's browser (default Chromium, headless) and fills its ready contexts in the
   * background of any session, so the first new session skips both. The server does this at start.
   */
  prepare(options: { browserType?: BrowserType; headless?: boolean } = {}): Promise<void> {
    return this.#parts.lifecycle.prepare(options.browserType ?? 'chromium', options.headless ?? true);
  }

  /** What the page actions of the base class hand their work to. */
  protected get operations(): SessionOperations {
    return this.#parts.operations;
  }

  // ---- lookups -------------------------------------------------------------------------------

  findSession(idOrName: string): Session | undefined {
    return this.#parts.sessions.find(idOrName)?.info();
  }

  getSession(idOrName: string): Session {
    return this.#parts.sessions.require(idOrName).info();
  }

  listSessions(): Session[] {
    return [...this.#parts.sessions.all()].map((s) => s.info());
  }

  /** The newest console entries (of one page, with `pageId`), oldest first. */
  console(idOrName: string, limit?: number, pageId?: string): ConsoleEntry[] {
    return this.#parts.sessions.console(idOrName, limit, pageId);
  }

  /** The browsers, each with its sessions' contexts counted (the warm pool's ready ones are not). */
  async browsers(): Promise<BrowserInfo[]> {
    return this.#parts.warm.excludeReady(await this.#parts.pool.infos());
  }

  /**
   * Saves made between operations (after activity, periodically) since the manager started: written,
   * or skipped because the state was what the file already held.
   */
  saveStats(): SaveStats {
    return this.#parts.saver.stats();
  }

  /** The warm pool's ready contexts and its counts of contexts made, taken and discarded. */
  warmPool(): WarmPoolStats {
    return this.#parts.warm.stats();
  }

  /** Main process ids of the browsers this manager launched (Linux; empty elsewhere or when remote). */
  browserPids(): number[] {
    return ownBrowserPids(this.instanceId);
  }

  /**
   * The process trees of the browsers this manager launched: how many processes and how much memory
   * each has (Linux; empty elsewhere or when remote). Reads /proc: for metrics, not for every request.
   */
  browserProcesses(): BrowserProcessUsage[] {
    return ownBrowserUsage(this.instanceId);
  }

  /** Operations in each live session's queue, the running one included: one number per session. */
  queueDepths(): number[] {
    return [...this.#parts.sessions.all()].map((s) => s.queue.pending);
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /**
   * Creates a named session, bringing back its saved cookies, localStorage and pages when the name
   * has saved state. With `reuse`, a live session of that name is returned instead (`created: false`);
   * concurrent calls for one name never make two sessions.
   */
  async createSession(options: CreateSessionOptions = {}): Promise<CreateSessionResult> {
    return this.#parts.lifecycle.create(options);
  }

  /**
   * A new session with the original's options, cookies and localStorage (read between two of its
   * operations), and with `withPages` its page URLs; from then on the two share nothing. The name
   * must be free: NameTakenError for a live session's, or a kept one's (its saved state is not replaced).
   */
  async cloneSession(idOrName: string, options: CloneSessionOptions): Promise<CreateSessionResult> {
    return this.#parts.lifecycle.clone(idOrName, options);
  }

  /** Closes a session. Its saved state is removed unless `keepState`, so the name starts fresh next time. */
  async closeSession(idOrName: string, options: CloseSessionOptions = {}): Promise<Session> {
    return this.#parts.lifecycle.close(idOrName, options);
  }

  /** Saves every session's state, closes every session and browser. Bounded by `timeoutMs`. */
  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    await this.#parts.lifecycle.shutdown(options.timeoutMs ?? 15_000);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Writes the state of one session now. */
  async saveSession(idOrName: string): Promise<void> {
    await this.#parts.saver.save(this.#parts.sessions.require(idOrName));
  }

  /** Writes the state of every active session; failures are reported as warnings, not thrown. */
  async saveAll(): Promise<void> {
    await this.#parts.lifecycle.saveAll();
  }

  /**
   * Replaces the session's browser context with a fresh one, after the operations already queued:
   * state saved, the same pages reopened from it, same id and name. Frees what the old context grew.
   * Fails with SessionUnavailableError when the session is crashed, restoring or being closed.
   */
  async recycleSession(idOrName: string): Promise<{ session: Session; durationMs: number }> {
    return this.#parts.lifecycle.recycle(idOrName);
  }

  /** How many times a session's context has been recycled. */
  recycleCount(idOrName: string): number {
    return this.#parts.sessions.require(idOrName).recycles;
  }

  // ---- cookies and storage -------------------------------------------------------------------

  /** The session's cookies: those `url` would be sent (with `url`), of name `name` (with `name`). */
  cookies(idOrName: string, filter: { url?: string; name?: string } = {}): Promise<Cookie[]> {
    return this.#parts.storage.cookies(idOrName, filter);
  }

  /** Adds (or replaces) cookies, each with a url or a domain and a path. */
  addCookies(idOrName: string, cookies: SetCookie[]): Promise<AddCookiesResponse> {
    return this.#parts.storage.addCookies(idOrName, cookies);
  }

  /** Removes the cookies matching every filter given; all of them without filters. */
  clearCookies(idOrName: string, filter: ClearCookiesQuery = {}): Promise<ClearCookiesResponse> {
    return this.#parts.storage.clearCookies(idOrName, filter);
  }

  /** Playwright's storage state of the session (what `createSession({ storageState })` takes back). */
  storageState(idOrName: string): Promise<StorageStateResponse> {
    return this.#parts.storage.storageState(idOrName);
  }

  // ---- downloads ---------------------------------------------------------------------------

  /** What the session's pages downloaded, oldest first. */
  downloads(idOrName: string): Promise<Download[]> {
    return this.#parts.downloads.list(this.#parts.sessions.require(idOrName).id);
  }

  /** One download's entry and the path of its bytes; DownloadNotFoundError for an id not this session's. */
  async download(idOrName: string, downloadId: string): Promise<{ entry: Download; path: string }> {
    return this.#parts.downloads.get(this.#parts.sessions.require(idOrName), downloadId);
  }

  // ---- pages ---------------------------------------------------------------------------------

  /** The session's pages with their stable ids; the active one is where actions naming no page go. */
  pages(idOrName: string): Promise<PageInfo[]> {
    return this.#parts.sessions.require(idOrName).pageInfos();
  }

  /**
   * Subscribes to the live picture of the session's active page: a CDP screencast on Chromium (frames
   * pushed when the page changes, each acknowledged), screenshot polling on other browsers. It follows
   * the active page as it changes and survives crashes and restores; the newest frame is delivered at
   * once to a new subscriber. The first subscriber's options apply; the last `close()` stops it.
   */
  screencast(
    idOrName: string,
    listener: FrameListener,
    options: ScreencastOptions = {},
  ): ScreencastSubscription {
    this.#parts.lifecycle.assertOpen();
    const session = this.#parts.sessions.require(idOrName);
    return this.#parts.screencasts.subscribe(session, listener, options);
  }

  /** Number of sessions whose live picture is being produced (for tests and stats). */
  get activeScreencasts(): number {
    return this.#parts.screencasts.size;
  }

  /**
   * Where a CDP client may attach to this session: the browser's DevTools socket and the session's
   * context id, for the server's proxy to connect and filter with. Waits for a restore or recycle in
   * progress. The id changes when the context is replaced (crash, recycle): clients then reconnect.
   */
  devtoolsTarget(idOrName: string): Promise<DevToolsTarget> {
    this.#parts.lifecycle.assertOpen();
    return this.#parts.devtools.target(this.#parts.sessions.require(idOrName));
  }

  /** The DevTools target of each of the session's pages (a page-level connection), the active one marked. */
  devtoolsPages(idOrName: string): Promise<{ targetId: string; url: string; active: boolean }[]> {
    return this.#parts.devtools.pages(this.#parts.sessions.require(idOrName));
  }
}
