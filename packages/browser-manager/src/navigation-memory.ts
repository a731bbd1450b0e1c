/**
 * What a session remembers of its pages' navigations, to bring each page back at the right URL and to
 * say why a navigation did not happen: per page, the URL a navigation was asked for, the last URL that
 * was not an error page, and when a beforeunload dialog was last dismissed.
 */

import type { Page } from 'playwright-core';
import { isErrorPage } from './url-policy.js';

export class NavigationMemory {
  /** Per page: the URL a navigation was asked for, and the last URL that was not an error page. */
  readonly #attempted = new WeakMap<Page, string>();
  readonly #lastGood = new WeakMap<Page, string>();
  /** Per page: when a beforeunload dialog was last dismissed, which cancels the navigation that raised it. */
  readonly #stayedOnUnload = new WeakMap<Page, number>();

  /** Records the URL a navigation of `page` is going to, remembered if it ends on an error page. */
  noteAttempt(page: Page, url: string): void {
    this.#attempted.set(page, url);
  }

  /** `page`'s main frame is now at `url`: a URL that loaded (not the error page) settles the attempt. */
  noteCommitted(page: Page, url: string): void {
    if (isErrorPage(url)) return;
    this.#lastGood.set(page, url);
    this.#attempted.delete(page);
  }

  /** A beforeunload dialog of `page` was dismissed now: the navigation that raised it is cancelled. */
  noteStayed(page: Page): void {
    this.#stayedOnUnload.set(page, Date.now());
  }

  /** Whether a beforeunload dialog of `page` was dismissed at or after `since` (ms since the epoch). */
  stayedOnUnload(page: Page, since: number): boolean {
    return (this.#stayedOnUnload.get(page) ?? -1) >= since;
  }

  /**
   * The URL to bring `page` back at: its own, except on Chromium's error page (a failed load), where it
   * is the URL that failed to load, else the last one that loaded — so a site that was down is tried
   * again after a restart instead of the error page being restored.
   */
  urlToRestore(page: Page): string {
    const url = page.url();
    if (!isErrorPage(url)) return url;
    return this.#attempted.get(page) ?? this.#lastGood.get(page) ?? url;
  }
}
