import type { CDPSession, Page } from 'playwright-core';
import { withTimeout } from './with-timeout.js';

const ATTEMPTS = 5;

function responsive(page: Page, ms: number): Promise<boolean> {
  return withTimeout(page.evaluate('1'), ms, 'Probing the page').then(
    () => true,
    () => false,
  );
}

/**
 * Gets a page back after an operation timed out. Chromium honours `Runtime.terminateExecution` only
 * on a DevTools session attached before the page got stuck, so one is attached to every page before
 * its first operation runs (once per page; not on the session-create path).
 */
export class PageInterrupter {
  readonly #sessions = new WeakMap<Page, Promise<CDPSession | undefined>>();
  readonly #interrupted = new WeakMap<Page, number>();
  readonly #attached = new WeakMap<Page, CDPSession>();

  /** Attaches the page's interrupting session, once; later calls return the same promise. */
  prepare(page: Page): Promise<CDPSession | undefined> {
    let cdp = this.#sessions.get(page);
    if (!cdp) {
      cdp = page
        .context()
        .newCDPSession(page)
        .then(
          (session) => {
            this.#attached.set(page, session);
            return session;
          },
          () => undefined,
        );
      this.#sessions.set(page, cdp);
    }
    return cdp;
  }

  /** The page's DevTools session once `prepare` has attached it (Chromium only), else undefined. */
  attached(page: Page): CDPSession | undefined {
    return this.#attached.get(page);
  }

  /**
   * Stops JavaScript that will not yield (`while (true) {}`). A polled wait re-runs its script on the
   * next frame, so this repeats a few times. True when the page answers afterwards.
   */
  async unblock(page: Page): Promise<boolean> {
    if (await responsive(page, 300)) return true;
    const cdp = await this.#sessions.get(page);
    if (!cdp) return false;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      this.#interrupted.set(page, Date.now());
      await withTimeout(cdp.send('Runtime.terminateExecution'), 1_000, 'Interrupting the page');
      await new Promise((r) => setTimeout(r, 100));
      if (await responsive(page, 300)) return true;
    }
    return false;
  }

  /** Whether `unblock` stopped a script in this page at or after `since` (ms since epoch). */
  interruptedSince(page: Page, since: number): boolean {
    return (this.#interrupted.get(page) ?? 0) >= since;
  }

  /** Cancels a navigation still loading after its timeout, so it cannot replace the page later. */
  async stopLoading(page: Page): Promise<void> {
    const cdp = await this.#sessions.get(page);
    const stop = cdp ? cdp.send('Page.stopLoading') : page.evaluate('window.stop()');
    await withTimeout(stop, 1_000, 'Stopping the load').catch(() => undefined);
  }
}
