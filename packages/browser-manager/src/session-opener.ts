import { randomUUID } from 'node:crypto';
import { layerBoundMs, pickSessionOptions, type StorageState, type Viewport } from '@marketbridge/api-types';
import { BrowserPool } from './browser-pool.js';
import { InvalidOptionError, NameTakenError, NavigationError, TooManySessionsError } from './errors.js';
import { ManagedSession } from './managed-session.js';
import type { Emit, Warn } from './manager-deps.js';
import { navigatePage } from './page-actions.js';
import type { PageHooks } from './page-events.js';
import { reopenPage } from './page-reopen.js';
import { toManagerError } from './playwright-errors.js';
import {
  checkSessionOptions,
  checkStorageState,
  contextOptionsOf,
  deviceViewport,
  playwrightStorage,
  refusedOptions,
} from './profile-options.js';
import type { SessionTable } from './session-table.js';
import type { StateStore } from './state-store.js';
import type { BrowserManagerOptions, CreateSessionOptions, CreateSessionResult } from './types.js';
import { checkNavigableUrl } from './url-policy.js';
import { takesWarmContext, type WarmPool } from './warm-pool.js';
import { withTimeout } from './with-timeout.js';

export const DEFAULT_VIEWPORT: Viewport = { width: 1280, height: 800 };

export interface SessionOpenerDeps {
  pool: BrowserPool;
  warm: WarmPool;
  store: StateStore;
  sessions: SessionTable;
  hooks: PageHooks;
  scheduleSave: (session: ManagedSession) => void;
  emit: Emit;
  warn: Warn;
  options: BrowserManagerOptions;
  startTimeoutMs: number;
}

/** Brings a session to life: from its saved state when it has one, into a context of its own. */
export class SessionOpener {
  constructor(private readonly deps: SessionOpenerDeps) {
    const limit = deps.options.maxSessions;
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1))
      throw new InvalidOptionError(`maxSessions must be a whole number of at least 1, got ${limit}.`);
  }

  /**
   * Opens the named session and adds it to the table. With `reuse`, the live session of that name, or
   * the one being opened, is returned instead; without it, either is a NameTakenError.
   */
  async create(
    name: string,
    request: CreateSessionOptions,
    initialUrl: string | undefined,
    timeoutMs: number | undefined,
  ): Promise<CreateSessionResult> {
    const { sessions } = this.deps;
    const live = sessions.byName(name);
    const pending = sessions.opening(name);
    if (live || pending) {
      if (!request.reuse) throw new NameTakenError(name);
      const session = live ?? (await pending!);
      return { session: session.info(), created: false, restored: false };
    }
    this.assertRoom();

    const opening = this.#open(name, request, initialUrl, timeoutMs);
    const pendingSession = opening.then((r) => r.session);
    // Only a concurrent create with `reuse` awaits it; this caller gets the failure from `opening`.
    pendingSession.catch(() => undefined);
    sessions.markOpening(name, pendingSession);
    try {
      const { session, restored } = await opening;
      sessions.add(session);
      this.deps.emit('session-created', { session: session.info(), restored });
      this.deps.scheduleSave(session);
      return { session: session.info(), created: true, restored };
    } finally {
      sessions.doneOpening(name);
    }
  }

  async #open(
    name: string,
    request: CreateSessionOptions,
    initialUrl: string | undefined,
    timeoutMs = this.deps.startTimeoutMs,
  ): Promise<{ session: ManagedSession; restored: boolean }> {
    const saved = await this.deps.store.load(name, (message) => this.deps.warn(message));
    const snap = saved?.marketbridge;
    let id = request.id ?? snap?.sessionId ?? randomUUID();
    if (this.deps.sessions.hasId(id)) id = randomUUID();
    // Options given replace the saved ones as a whole; none given keeps them (a restore, a kept name).
    const requested = pickSessionOptions(request);
    const options = requested ?? snap?.options;
    const browserType = request.browserType ?? snap?.browserType ?? 'chromium';
    // Checked before anything is launched: a refused option leaves nothing behind.
    checkSessionOptions(options, browserType);
    checkStorageState(request.storageState);
    const session = new ManagedSession(
      {
        id,
        name,
        browserType,
        headless: request.headless ?? snap?.headless ?? true,
        viewport: request.viewport ?? deviceViewport(requested?.device) ?? snap?.viewport ?? DEFAULT_VIEWPORT,
        metadata: request.metadata ?? snap?.metadata ?? {},
        createdAt: snap?.createdAt ?? new Date().toISOString(),
        dialogs: request.dialogs ?? snap?.dialogs,
        options,
      },
      this.deps.options.consoleBufferSize ?? 200,
      this.deps.hooks,
    );
    session.rememberPages(request.pages ? request.pages.map((url) => ({ url })) : (snap?.pages ?? []));
    await withTimeout(
      this.startContext(session, request.storageState ?? saved, timeoutMs, { warm: true }),
      layerBoundMs('manager', timeoutMs),
      `Starting session "${name}"`,
    ).catch(async (error) => {
      await session.context?.close().catch(() => undefined);
      throw error;
    });
    if (initialUrl) {
      const page = session.activePage!;
      session.navigation.noteAttempt(page, initialUrl);
      await navigatePage(page, initialUrl, { url: initialUrl }, timeoutMs).catch(async (error) => {
        await session.context?.close().catch(() => undefined);
        throw toManagerError(
          error,
          { what: `Navigation to ${initialUrl}`, timeoutMs, sessionName: name },
          (message, cause) => new NavigationError(initialUrl, message, { cause }),
        );
      });
      session.touch();
    }
    return { session, restored: Boolean(saved) };
  }

  /** TooManySessionsError when `maxSessions` sessions run already (checked before any work for a new one). */
  assertRoom(): void {
    const limit = this.deps.options.maxSessions;
    const { count } = this.deps.sessions;
    if (limit !== undefined && count >= limit) throw new TooManySessionsError(count, limit);
  }

  /**
   * Opens a context for the session — made with its identity options, from `storage` (its saved state,
   * or the one it was created with) when given — and its remembered pages. The one place a session's
   * context is made: create, restore, crash recovery, recycle and daemon restart all come here.
   * With `warm` (a create), a session with no storage, no remembered pages and no identity options
   * takes a ready context from the warm pool when one is there; restore and recycle always make a
   * fresh one (they carry storage state, which only newContext takes).
   */
  async startContext(
    session: ManagedSession,
    storage: StorageState | undefined,
    timeoutMs: number,
    { warm = false }: { warm?: boolean } = {},
  ): Promise<void> {
    const { browserType, headless } = session.identity;
    const browser = await this.deps.pool.get(browserType, headless);
    if (warm && this.deps.warm.enabled) {
      const eligible =
        !storage && session.lastUrls.length === 0 && takesWarmContext(session.identity, DEFAULT_VIEWPORT);
      const ready = eligible ? this.deps.warm.take(browserType, headless, browser) : undefined;
      // A kind in use keeps its slot full, whichever path this start takes.
      if (!eligible) this.deps.warm.refill(BrowserPool.key(browserType, headless), browser);
      if (ready) {
        ready.context.setDefaultTimeout(timeoutMs);
        session.attach(ready.context);
        session.track(ready.page);
        session.status = 'active';
        session.rememberUrls();
        session.title = '';
        return;
      }
    }
    const context = await browser
      .newContext({
        ...contextOptionsOf(session.identity),
        ...(storage ? { storageState: playwrightStorage(storage) } : {}),
      })
      .catch((error: unknown) => {
        throw refusedOptions(error, browser);
      });
    context.setDefaultTimeout(timeoutMs);
    session.attach(context);
    const remembered = session.lastUrls.map((url, i) => ({ url, id: session.lastPageIds[i] }));
    const pages = remembered.filter(({ url }) => {
      try {
        checkNavigableUrl(url, this.deps.options.allowFileUrls ?? false);
        return true;
      } catch {
        return false;
      }
    });
    for (const { url, id } of pages.length > 0 ? pages : [{ url: 'about:blank', id: undefined }]) {
      await reopenPage(session, context, url, {
        timeoutMs,
        loadBlank: false,
        pageId: id,
        onLoadFailed: (error) => this.deps.warn(`Session "${session.name}": could not reopen ${url}`, error),
      });
    }
    session.status = 'active';
    session.rememberUrls();
    const active = session.activePage!;
    session.title = active.url() === 'about:blank' ? '' : await active.title().catch(() => '');
  }
}
