import type { CDPSession, Page } from 'playwright-core';
import { withTimeout } from './with-timeout.js';

/**
 * Stops JavaScript that will not yield (`while (true) {}`) so the page can be used again.
 * Chromium honours `Runtime.terminateExecution` only on a DevTools session attached before the page
 * got stuck, so one is attached to every page as it is tracked.
 */
export class PageInterrupter {
  readonly #sessions = new WeakMap<Page, Promise<CDPSession | undefined>>();

  prepare(page: Page): void {
    const cdp = page
      .context()
      .newCDPSession(page)
      .catch(() => undefined);
    this.#sessions.set(page, cdp);
  }

  /** True when the page was busy and has been interrupted; false when it was responsive or cannot be. */
  async interrupt(page: Page): Promise<boolean> {
    const cdp = await this.#sessions.get(page);
    if (!cdp) return false;
    const responsive = await withTimeout(page.evaluate('1'), 300, 'Probing the page').then(
      () => true,
      () => false,
    );
    if (responsive) return false;
    await withTimeout(cdp.send('Runtime.terminateExecution'), 2000, 'Interrupting the page');
    return true;
  }
}
