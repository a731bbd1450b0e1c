import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  BROWSER_HOUSEKEEPING_TIMEOUT_MS,
  type BrowserInfo,
  type ConsoleEntry,
  CreateSessionRequestSchema,
  DEFAULT_OPERATION_TIMEOUT_MS,
  formatIssues,
  type HistoryRequest,
  type HistoryResponse,
  type InputRequest,
  type InteractRequest,
  type NavigateRequest,
  type NavigateResponse,
  type ScreenshotRequest,
  SESSION_START_TIMEOUT_MS,
  type Session,
  type WaitRequest,
} from '@marketbridge/api-types';
import type { Page } from 'playwright-core';
import { BrowserPool } from './browser-pool.js';
import { CrashRecovery } from './crash-recovery.js';
import {
  BrowserManagerError,
  InvalidOptionError,
  NameTakenError,
  SessionUnavailableError,
} from './errors.js';
import type { ManagedSession, PageHooks } from './managed-session.js';
import type { Emit, Warn } from './manager-deps.js';
import { OperationRunner } from './operation-runner.js';
import { PageInterrupter } from './page-interrupter.js';
import { isAlive, killTree, listMarkedBrowsers, reapOrphanedBrowsers } from './processes.js';
import { Recycler } from './recycler.js';
import type { FrameListener, ScreencastOptions, ScreencastSubscription } from './screencast.js';
import { SessionOpener } from './session-opener.js';
import { SessionOperations } from './session-operations.js';
import { SessionScreencasts } from './session-screencasts.js';
import { SessionTable } from './session-table.js';
import { StateSaver } from './state-saver.js';
import { type SavedSession, StateStore } from './state-store.js';
import type {
  BrowserManagerEvents,
  BrowserManagerOptions,
  CloseSessionOptions,
  CreateSessionOptions,
  CreateSessionResult,
} from './types.js';
import { checkNavigableUrl } from './url-policy.js';
import { withTimeout } from './with-timeout.js';

export { DEFAULT_VIEWPORT } from './session-opener.js';

export function defaultHome(env = process.env): string {
  return env.MARKETBRIDGE_HOME || join(homedir(), '.marketbridge');
}

/**
 * Owns browsers, one isolated context per named session, the sessions' pages and their saved state.
 * Knows nothing of HTTP: embed it directly (`await BrowserManager.create()`), or serve it with
 * @marketbridge/server.
 */
export class BrowserManager extends EventEmitter<BrowserManagerEvents> {
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
  readonly #options: BrowserManagerOptions;
  readonly #sessions = new SessionTable();
  readonly #pool: BrowserPool;
  readonly #store: StateStore;
  readonly #operations: SessionOperations;
  readonly #saver: StateSaver;
  readonly #recovery: CrashRecovery;
  readonly #recycler: Recycler;
  readonly #opener: SessionOpener;
  readonly #screencasts: SessionScreencasts;
  #closed = false;

  static async create(options: BrowserManagerOptions = {}): Promise<BrowserManager> {
    const manager = new BrowserManager(options);
    manager.tempFilesRemovedAtStart = await manager.#store.removeStaleTempFiles(isAlive);
    if (options.reapOrphans !== false) {
      const reaped = reapOrphanedBrowsers();
      manager.reapedAtStart = reaped;
      if (reaped.length > 0) {
        manager.#warn(
          `Reaped ${reaped.length} browser process(es) left by a dead owner: ${reaped.join(', ')}`,
        );
      }
    }
    return manager;
  }

  private constructor(options: BrowserManagerOptions) {
    super();
    this.#options = options;
    this.home = options.home ?? defaultHome();
    this.stateDir = options.stateDir ?? join(this.home, 'playwright_sessions');
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    this.startTimeoutMs = Math.max(this.defaultTimeoutMs, SESSION_START_TIMEOUT_MS);
    const warn: Warn = (message, error) => this.#warn(message, error);
    const emit: Emit = (event, ...args) => this.emit(event, ...args);
    const isClosed = () => this.#closed;
    const startContext = (session: ManagedSession, saved: SavedSession | undefined, timeoutMs: number) =>
      this.#opener.startContext(session, saved, timeoutMs);
    this.#store = new StateStore(this.stateDir);
    this.#screencasts = new SessionScreencasts(warn);
    this.#pool = new BrowserPool(
      {
        instanceId: this.instanceId,
        timeoutMs: this.startTimeoutMs,
        ...(options.executablePath ? { executablePath: options.executablePath } : {}),
        ...(options.browserEndpoint ? { browserEndpoint: options.browserEndpoint } : {}),
        ...(options.launchArgs ? { extraArgs: options.launchArgs } : {}),
      },
      (key) => this.#recovery.onBrowserDisconnected(key),
      {
        onReconnected: (key) => this.#recovery.onBrowserReconnected(key),
        onWarning: warn,
      },
    );
    const hooks: PageHooks = {
      onConsole: (session, entry) => {
        session.console.push(entry);
        this.emit('console', { sessionId: session.id, entry });
      },
      onNavigated: (session) => this.#saver.schedule(session),
      onPageCrash: (session, page) => this.#recovery.onPageCrash(session, page),
    };
    this.#opener = new SessionOpener({
      pool: this.#pool,
      store: this.#store,
      sessions: this.#sessions,
      hooks,
      warn,
      options,
      startTimeoutMs: this.startTimeoutMs,
    });
    this.#saver = new StateSaver({
      store: this.#store,
      sessions: this.#sessions,
      warn,
      isClosed,
      saveIntervalMs: options.saveIntervalMs ?? 30_000,
    });
    this.#recovery = new CrashRecovery({
      sessions: this.#sessions,
      store: this.#store,
      startContext,
      scheduleSave: (session) => this.#saver.schedule(session),
      emit,
      warn,
      isClosed,
      startTimeoutMs: this.startTimeoutMs,
    });
    this.#recycler = new Recycler({
      sessions: this.#sessions,
      saver: this.#saver,
      recovery: this.#recovery,
      startContext,
      emit,
      warn,
      isClosed,
      options,
      startTimeoutMs: this.startTimeoutMs,
    });
    const interrupter = new PageInterrupter();
    const runner = new OperationRunner({
      sessions: this.#sessions,
      interrupter,
      saver: this.#saver,
      recovery: this.#recovery,
      recycler: this.#recycler,
      emit,
      warn,
      options,
      startTimeoutMs: this.startTimeoutMs,
    });
    this.#operations = new SessionOperations({
      runner,
      interrupter,
      saver: this.#saver,
      options,
      defaultTimeoutMs: this.defaultTimeoutMs,
    });
  }

  // ---- lookups -------------------------------------------------------------------------------

  findSession(idOrName: string): Session | undefined {
    return this.#sessions.find(idOrName)?.info();
  }

  getSession(idOrName: string): Session {
    return this.#sessions.require(idOrName).info();
  }

  listSessions(): Session[] {
    return [...this.#sessions.all()].map((s) => s.info());
  }

  console(idOrName: string, limit?: number): ConsoleEntry[] {
    return this.#sessions.require(idOrName).console.latest(limit);
  }

  browsers(): Promise<BrowserInfo[]> {
    return this.#pool.infos();
  }

  /** Main process ids of the browsers this manager launched (Linux; empty elsewhere or when remote). */
  browserPids(): number[] {
    return listMarkedBrowsers()
      .filter((p) => p.instanceId === this.instanceId)
      .map((p) => p.pid);
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /**
   * Creates a named session, bringing back its saved cookies, localStorage and pages when the name
   * has saved state. With `reuse`, a live session of that name is returned instead (`created: false`);
   * concurrent calls for one name never make two sessions.
   */
  async createSession(options: CreateSessionOptions = {}): Promise<CreateSessionResult> {
    this.#assertOpen();
    const { id, timeoutMs, ...request } = options;
    const parsed = CreateSessionRequestSchema.safeParse(request);
    if (!parsed.success)
      throw new InvalidOptionError(`Invalid session options: ${formatIssues(parsed.error)}`);
    const initialUrl = request.url ? checkNavigableUrl(request.url, this.#allowFileUrls) : undefined;
    const name = request.name ?? `session-${randomUUID().slice(0, 8)}`;

    const live = this.#sessions.byName(name);
    const pending = this.#sessions.opening(name);
    if (live || pending) {
      if (!request.reuse) throw new NameTakenError(name);
      const session = live ?? (await pending!);
      return { session: session.info(), created: false, restored: false };
    }

    const opening = this.#opener.open(name, { ...request, ...(id ? { id } : {}) }, initialUrl, timeoutMs);
    const pendingSession = opening.then((r) => r.session);
    pendingSession.catch(() => undefined);
    this.#sessions.markOpening(name, pendingSession);
    try {
      const { session, restored } = await opening;
      this.#sessions.add(session);
      this.emit('session-created', { session: session.info(), restored });
      this.#saver.schedule(session);
      return { session: session.info(), created: true, restored };
    } finally {
      this.#sessions.doneOpening(name);
    }
  }

  /** Closes a session. Its saved state is removed unless `keepState`, so the name starts fresh next time. */
  async closeSession(idOrName: string, options: CloseSessionOptions = {}): Promise<Session> {
    const session = this.#sessions.require(idOrName);
    this.#sessions.delete(session);
    this.#saver.cancel(session);
    this.#screencasts.stop(session);
    if (options.keepState) {
      await this.#saver
        .save(session)
        .catch((error) => this.#warn(`Could not save "${session.name}" on close`, error));
    } else {
      await this.#saver.settled(session);
      await this.#store.remove(session.name);
    }
    session.status = 'inactive';
    if (session.context) {
      await withTimeout(
        session.context.close(),
        BROWSER_HOUSEKEEPING_TIMEOUT_MS,
        'Closing the session',
      ).catch((error) => this.#warn(`Could not close "${session.name}" cleanly`, error));
    }
    const info = session.info();
    this.emit('session-closed', { session: info, stateKept: Boolean(options.keepState) });
    return info;
  }

  /** Saves every session's state, closes every session and browser. Bounded by `timeoutMs`. */
  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#saver.stop();
    this.#recycler.stop();
    this.#screencasts.stopAll();
    const timeoutMs = options.timeoutMs ?? 15_000;
    const shutdown = (async () => {
      await this.saveAll();
      await this.#pool.closeAll(Math.max(1_000, timeoutMs / 2));
    })();
    await withTimeout(shutdown, timeoutMs, 'Closing the browser manager').catch((error) => {
      this.#warn('Shutdown took too long; killing browsers', error);
    });
    for (const pid of this.browserPids()) killTree(pid);
    for (const session of this.#sessions.all()) session.status = 'inactive';
    this.#sessions.clear();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Writes the state of one session now. */
  async saveSession(idOrName: string): Promise<void> {
    await this.#saver.save(this.#sessions.require(idOrName));
  }

  /** Writes the state of every active session; failures are reported as warnings, not thrown. */
  async saveAll(): Promise<void> {
    await Promise.all(
      [...this.#sessions.all()].map((s) =>
        this.#saver.save(s).catch((error) => this.#warn(`Could not save state of "${s.name}"`, error)),
      ),
    );
  }

  /**
   * Replaces the session's browser context with a fresh one, after the operations already queued:
   * state saved, the same pages reopened from it, same id and name. Frees what the old context grew.
   * Fails with SessionUnavailableError when the session is crashed, restoring or being closed.
   */
  async recycleSession(idOrName: string): Promise<{ session: Session; durationMs: number }> {
    const session = this.#sessions.require(idOrName);
    const durationMs = await this.#recycler.recycle(session, 'requested');
    if (durationMs === undefined) {
      const why = this.#sessions.holds(session) ? `it is ${session.status}` : 'it was closed';
      throw new SessionUnavailableError(session.name, why);
    }
    return { session: session.info(), durationMs };
  }

  /** How many times a session's context has been recycled. */
  recycleCount(idOrName: string): number {
    return this.#sessions.require(idOrName).recycles;
  }

  // ---- operations ----------------------------------------------------------------------------

  navigate(idOrName: string, req: NavigateRequest): Promise<NavigateResponse> {
    return this.#operations.navigate(idOrName, req);
  }

  screenshot(idOrName: string, req: ScreenshotRequest = {}): Promise<Buffer> {
    return this.#operations.screenshot(idOrName, req);
  }

  /** Runs an expression or function body (`return ...`) in the active page; `args` is in scope. */
  execute(
    idOrName: string,
    script: string,
    args: unknown[] = [],
    timeoutMs = this.defaultTimeoutMs,
  ): Promise<unknown> {
    return this.#operations.execute(idOrName, script, args, timeoutMs);
  }

  interact(idOrName: string, req: InteractRequest): Promise<void> {
    return this.#operations.interact(idOrName, req);
  }

  wait(idOrName: string, req: WaitRequest): Promise<{ elapsedMs: number }> {
    return this.#operations.wait(idOrName, req);
  }

  /**
   * A mouse click or wheel at viewport coordinates (CSS pixels), typed text or a key press, on the
   * active page through Playwright's page.mouse / page.keyboard — what a person at the live view does.
   */
  input(idOrName: string, req: InputRequest): Promise<void> {
    return this.#operations.input(idOrName, req);
  }

  /** Back, forward or reload on the active page. `moved` is false when there was nowhere to go. */
  history(idOrName: string, req: HistoryRequest): Promise<HistoryResponse> {
    return this.#operations.history(idOrName, req);
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
    this.#assertOpen();
    const session = this.#sessions.require(idOrName);
    return this.#screencasts.subscribe(session, listener, options);
  }

  /** Number of sessions whose live picture is being produced (for tests and stats). */
  get activeScreencasts(): number {
    return this.#screencasts.size;
  }

  /**
   * Runs `fn` with the session's active Playwright page, in the session's queue like any operation.
   * For embedders who need Playwright directly; the page must not be kept after `fn` returns.
   */
  withPage<T>(
    idOrName: string,
    fn: (page: Page) => Promise<T>,
    timeoutMs = this.defaultTimeoutMs,
  ): Promise<T> {
    return this.#operations.withPage(idOrName, fn, timeoutMs);
  }

  // ---- internals -----------------------------------------------------------------------------

  get #allowFileUrls(): boolean {
    return this.#options.allowFileUrls ?? false;
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new BrowserManagerError('browser_unavailable', 'The browser manager has been closed.');
  }

  #warn(message: string, error?: unknown): void {
    const detail = error instanceof Error ? `: ${error.message.split('\n')[0]}` : '';
    this.emit('warning', { message: `${message}${detail}`, ...(error ? { error } : {}) });
  }
}
