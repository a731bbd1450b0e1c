import { layerBoundMs } from '@marketbridge/api-types';
import type { Page } from 'playwright-core';
import type { CrashRecovery } from './crash-recovery.js';
import {
  type BrowserManagerError,
  OperationTimeoutError,
  PageNotFoundError,
  SessionBusyError,
  SessionUnavailableError,
} from './errors.js';
import type { ManagedSession } from './managed-session.js';
import type { Emit, Warn } from './manager-deps.js';
import type { PageInterrupter } from './page-interrupter.js';
import { reopenPage } from './page-reopen.js';
import { toManagerError } from './playwright-errors.js';
import type { Recycler } from './recycler.js';
import type { SessionTable } from './session-table.js';
import type { StateSaver } from './state-saver.js';
import type { BrowserManagerOptions } from './types.js';
import { withTimeout } from './with-timeout.js';

const DEFAULT_MAX_QUEUED_OPERATIONS = 100;

export type OperationFallback = (message: string, cause: unknown) => BrowserManagerError;

export interface OperationRunnerDeps {
  sessions: SessionTable;
  interrupter: PageInterrupter;
  saver: StateSaver;
  recovery: CrashRecovery;
  recycler: Recycler;
  emit: Emit;
  warn: Warn;
  options: BrowserManagerOptions;
  startTimeoutMs: number;
}

/** Runs operations on sessions' pages: serialised per session, bounded in time, errors typed. */
export class OperationRunner {
  constructor(private readonly deps: OperationRunnerDeps) {}

  /**
   * Runs `run` on the session's active page once the operations queued before it are done. With
   * `ownTimeout: false` the operation bounds itself and only `timeoutMs` is enforced here.
   */
  async run<T>(
    idOrName: string,
    what: string,
    timeoutMs: number,
    run: (page: Page, session: ManagedSession) => Promise<T>,
    fallback: OperationFallback,
    { ownTimeout = true, pageId }: { ownTimeout?: boolean; pageId?: string | undefined } = {},
  ): Promise<T> {
    const { sessions, options } = this.deps;
    const session = sessions.require(idOrName);
    const limit = options.maxQueuedOperations ?? DEFAULT_MAX_QUEUED_OPERATIONS;
    // An unknown page of a live session is refused here, before the queue: nothing ran, nothing changed.
    if (
      pageId !== undefined &&
      session.status === 'active' &&
      !session.restoring &&
      !session.pageById(pageId)
    )
      throw new PageNotFoundError(session.name, pageId);
    // pending counts the running operation too: `limit` may wait behind it.
    if (session.queue.pending > limit)
      throw new SessionBusyError(session.name, session.queue.pending - 1, limit);
    return session.queue.run(async () => {
      let page: Page | undefined;
      try {
        page = await this.#livePage(session, timeoutMs, pageId);
        const bound = ownTimeout ? layerBoundMs('manager', timeoutMs) : timeoutMs;
        const target = page;
        return await withTimeout(run(target, session), bound, what);
      } catch (error) {
        const mapped = toManagerError(
          error,
          { what, timeoutMs, sessionName: session.name, browserEndpoint: options.browserEndpoint },
          fallback,
        );
        // Playwright's own timeout can fire while the page is stuck in script; leave it usable either way.
        if (mapped instanceof OperationTimeoutError && page) await this.#unstick(session, page);
        throw mapped;
      } finally {
        if (sessions.holds(session)) this.#afterOperation(session);
      }
    });
  }

  /** Whatever the outcome: activity noted, a save scheduled, listeners told, recycled when it is time. */
  #afterOperation(session: ManagedSession): void {
    session.touch();
    session.operationsInContext++;
    this.deps.saver.schedule(session);
    this.deps.emit('session-updated', { session: session.info() });
    const limit = this.deps.options.recycleAfterOperations ?? 0;
    if (limit > 0 && session.operationsInContext >= limit)
      void this.deps.recycler.recycleScheduled(session, 'operations');
  }

  async #livePage(session: ManagedSession, timeoutMs: number, pageId?: string): Promise<Page> {
    if (session.status === 'crashed' && !session.restoring)
      this.deps.recovery.restore(session, 'browser-disconnected');
    if (session.restoring)
      await withTimeout(session.restoring, timeoutMs, `Restoring session "${session.name}"`);
    if (session.status !== 'active' || !session.context) {
      throw new SessionUnavailableError(session.name, `it is ${session.status}`);
    }
    if (pageId !== undefined) {
      const named = session.pageById(pageId);
      if (!named) throw new PageNotFoundError(session.name, pageId);
      if (isChromium(named)) await this.deps.interrupter.prepare(named);
      return named;
    }
    let page = session.activePage;
    if (!page) {
      page = await session.context.newPage();
      session.track(page);
    }
    // The interrupter's DevTools session must be attached before a page gets stuck to be honoured.
    if (isChromium(page)) await this.deps.interrupter.prepare(page);
    return page;
  }

  /**
   * After a timeout: interrupt a page stuck in JavaScript; if it is still stuck (a polled wait keeps
   * re-running the script), replace it with a fresh page at the same URL in the same context.
   */
  async #unstick(session: ManagedSession, page: Page): Promise<void> {
    if (await this.deps.interrupter.unblock(page).catch(() => false)) return;
    const url = page.url();
    const pageId = session.pageIdOf(page);
    this.deps.warn(`Session "${session.name}": replacing a page that stopped responding (${url})`);
    await withTimeout(page.close({ runBeforeUnload: false }), 2_000, 'Closing a stuck page').catch(
      () => undefined,
    );
    if (!session.context) return;
    await reopenPage(session, session.context, url, {
      timeoutMs: this.deps.startTimeoutMs,
      loadBlank: true,
      pageId,
    });
  }
}

function isChromium(page: Page): boolean {
  return page.context().browser()?.browserType().name() === 'chromium';
}
