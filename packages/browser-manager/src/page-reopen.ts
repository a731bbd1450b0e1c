import type { BrowserContext, Page } from 'playwright-core';
import type { ManagedSession } from './managed-session.js';
import { isErrorPage } from './url-policy.js';

export interface ReopenOptions {
  timeoutMs: number;
  /**
   * A fresh page already shows about:blank. Starting a context leaves it at that; replacing a stuck or
   * crashed page loads whatever URL it had, about:blank included.
   */
  loadBlank: boolean;
  /**
   * Starting a context reports a page that does not load, then lets Chromium's error page settle. Without
   * it (replacing a stuck or crashed page) a failed load is ignored: the page stays, at the URL it tried.
   */
  onLoadFailed?: (error: unknown) => void;
  /** The id the page had before: it keeps it. */
  pageId?: string | undefined;
}

/** Opens a page of the session in `context` and loads `url` in it; the page is tracked before it loads. */
export async function reopenPage(
  session: ManagedSession,
  context: BrowserContext,
  url: string,
  { timeoutMs, loadBlank, onLoadFailed, pageId }: ReopenOptions,
): Promise<Page> {
  const page = await context.newPage();
  session.track(page);
  if (pageId) session.assignPageId(page, pageId);
  if (url === 'about:blank' && !loadBlank) return page;
  session.navigation.noteAttempt(page, url);
  await page.goto(url, { timeout: timeoutMs }).catch(async (error) => {
    if (!onLoadFailed) return;
    onLoadFailed(error);
    // Chromium commits its error page just after reporting the failed load; wait for it, or it
    // interrupts the next navigation of this page.
    if (/net::ERR_/.test(String(error)) && !isErrorPage(page.url()))
      await page.waitForURL((u) => isErrorPage(u.href), { timeout: 2_000 }).catch(() => undefined);
  });
  return page;
}
