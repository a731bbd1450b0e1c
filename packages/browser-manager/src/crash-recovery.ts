import type { StorageState } from '@marketbridge/api-types';
import type { Page } from 'playwright-core';
import { BrowserPool } from './browser-pool.js';
import type { ManagedSession } from './managed-session.js';
import type { Emit, Warn } from './manager-deps.js';
import { reopenPage } from './page-reopen.js';
import type { SessionTable } from './session-table.js';
import type { StateStore } from './state-store.js';

export type CrashReason = 'browser-disconnected' | 'page-crashed';

export interface CrashRecoveryDeps {
  sessions: SessionTable;
  store: StateStore;
  startContext: (
    session: ManagedSession,
    storage: StorageState | undefined,
    timeoutMs: number,
  ) => Promise<void>;
  scheduleSave: (session: ManagedSession) => void;
  emit: Emit;
  warn: Warn;
  isClosed: () => boolean;
  startTimeoutMs: number;
}

/** Brings sessions back after their browser went away or one of their pages crashed. */
export class CrashRecovery {
  constructor(private readonly deps: CrashRecoveryDeps) {}

  onBrowserDisconnected(key: string): void {
    if (this.deps.isClosed()) return;
    for (const session of this.deps.sessions.all()) {
      const { browserType, headless } = session.identity;
      if (BrowserPool.key(browserType, headless) !== key || session.status === 'inactive') continue;
      this.markCrashed(session, 'browser-disconnected');
      this.restore(session, 'browser-disconnected');
    }
  }

  /** A lost browser server is back: bring back its sessions whose restore failed meanwhile. */
  onBrowserReconnected(key: string): void {
    if (this.deps.isClosed()) return;
    for (const session of this.deps.sessions.all()) {
      const { browserType, headless } = session.identity;
      if (BrowserPool.key(browserType, headless) !== key) continue;
      // A session being restored by a request meanwhile gets the new browser that way.
      if (session.status === 'crashed' && !session.restoring) this.restore(session, 'browser-disconnected');
    }
  }

  /** The rest of the context is fine: only the crashed page is replaced, at the URL it was showing. */
  onPageCrash(session: ManagedSession, page: Page): void {
    if (this.deps.isClosed() || !this.deps.sessions.holds(session)) return;
    this.markCrashed(session, 'page-crashed');
    session.restoring = (async () => {
      const url = session.lastUrls[session.pages.indexOf(page)] ?? page.url();
      const pageId = session.pageIdOf(page);
      await page.close().catch(() => undefined);
      if (!session.context) return;
      await reopenPage(session, session.context, url, {
        timeoutMs: this.deps.startTimeoutMs,
        loadBlank: true,
        pageId,
      });
      session.status = 'active';
    })()
      .then(() => {
        this.deps.emit('session-restored', { session: session.info(), reason: 'page-crashed' });
      })
      .catch((error) =>
        this.deps.warn(`Session "${session.name}": could not recover its crashed page`, error),
      )
      .finally(() => {
        session.restoring = undefined;
      });
  }

  markCrashed(session: ManagedSession, reason: CrashReason): void {
    session.status = 'crashed';
    this.deps.emit('session-crashed', { session: session.info(), reason });
  }

  /** Brings a crashed session back in a fresh context from its last saved state and remembered URLs. */
  restore(session: ManagedSession, reason: CrashReason): void {
    const remembered = session.lastUrls.map((url, i) => ({ url, id: session.lastPageIds[i] }));
    session.restoring = (async () => {
      session.status = 'restoring';
      this.deps.emit('session-restoring', { session: session.info(), reason });
      const saved = await this.deps.store.load(session.name, (message) => this.deps.warn(message));
      session.rememberPages(remembered.length > 0 ? remembered : (saved?.marketbridge.pages ?? []));
      await session.context?.close().catch(() => undefined);
      await this.deps.startContext(session, saved, this.deps.startTimeoutMs);
    })()
      .then(() => {
        session.failedRestores = 0;
        this.deps.emit('session-restored', { session: session.info(), reason });
        this.deps.scheduleSave(session);
      })
      .catch((error) => {
        session.status = 'crashed';
        // Each request retries while the browser is away; one warning per outage is enough.
        if (++session.failedRestores === 1)
          this.deps.warn(
            `Session "${session.name}" could not be restored yet; retried on the next request, and when a lost browser server is back`,
            error,
          );
      })
      .finally(() => {
        session.restoring = undefined;
      });
  }
}
