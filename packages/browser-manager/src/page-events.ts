/**
 * A session's watch over one of its pages: the page's events, each turned into what the session keeps
 * (its title, its list of pages, where each page navigated, its console) or handed to the manager
 * through {@link PageHooks} (crashes, downloads, navigations to save, console entries to publish).
 */

import type { ConsoleEntry, DialogPolicy } from '@marketbridge/api-types';
import type { Download, Page } from 'playwright-core';
import type { ManagedSession } from './managed-session.js';

export interface PageHooks {
  onConsole(session: ManagedSession, entry: ConsoleEntry): void;
  onNavigated(session: ManagedSession): void;
  onPageCrash(session: ManagedSession, page: Page): void;
  onDownload(session: ManagedSession, pageId: string, download: Download): void;
}

/**
 * How many listeners `target` has for `event`. Playwright's pages and contexts are event emitters, though
 * their public types leave `listenerCount` out; undefined (assume others listen) if it is ever missing.
 */
function listenersOf(target: object, event: string): number | undefined {
  const count = (target as { listenerCount?: (event: string) => number }).listenerCount;
  return typeof count === 'function' ? count.call(target, event) : undefined;
}

/** How a dialog was answered, as the console records it. */
function dialogAnswer(type: string, policy: DialogPolicy): string {
  if (policy.action === 'dismiss')
    return type === 'beforeunload' ? 'dismissed (the page stays)' : 'dismissed';
  if (type === 'prompt') return `accepted with "${policy.promptText ?? ''}"`;
  return type === 'beforeunload' ? 'accepted (the page is left)' : 'accepted';
}

/** Listens to `page` for `session` for the page's whole life. */
export function followPage(session: ManagedSession, page: Page, hooks: PageHooks): void {
  page.on('load', () => {
    page.title().then(
      (title) => {
        if (page === session.activePage) session.title = title;
      },
      () => undefined,
    );
  });
  page.on('close', () => {
    const i = session.pages.indexOf(page);
    if (i >= 0) session.pages.splice(i, 1);
    // A page closed by its user or its own script is forgotten; pages closed because their browser died
    // are what a restore reopens. When the browser dies, Playwright closes the pages one by one before
    // it reports the context closed and the browser disconnected (all in one turn): remembering the pages
    // left after each close kept only the last one. So it is decided a turn later.
    setImmediate(() => {
      if (session.context === page.context() && page.context().browser()?.isConnected() !== false)
        session.rememberUrls();
    });
  });
  page.on('crash', () => hooks.onPageCrash(session, page));
  page.on('download', (download) => hooks.onDownload(session, session.pageIdOf(page), download));
  // Answered at once by the session's policy (dismiss unless told otherwise): a dialog never holds a
  // page, and each one is in the console.
  page.on('dialog', (dialog) => {
    const policy = session.identity.dialogs ?? { action: 'dismiss' as const };
    const answer = policy.action === 'accept' ? dialog.accept(policy.promptText ?? '') : dialog.dismiss();
    answer.catch(() => undefined); // another client (over CDP) may have answered it first
    if (dialog.type() === 'beforeunload' && policy.action === 'dismiss') session.navigation.noteStayed(page);
    hooks.onConsole(session, {
      kind: 'dialog',
      type: dialog.type(),
      text: `${dialog.message() || dialog.type()} → ${dialogAnswer(dialog.type(), policy)}`,
      url: page.url(),
      pageId: session.pageIdOf(page),
      timestamp: new Date().toISOString(),
    });
  });
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    session.navigation.noteCommitted(page, frame.url());
    session.rememberUrls();
    hooks.onNavigated(session);
  });
  page.on('console', (msg) => {
    hooks.onConsole(session, {
      kind: 'console',
      type: msg.type(),
      text: msg.text(),
      url: page.url(),
      pageId: session.pageIdOf(page),
      timestamp: new Date().toISOString(),
    });
    // Each argument is a handle that Playwright (in this process) and the page keep until the context
    // closes. Release them unless someone else listens (through withPage) and may still read them.
    const othersListen =
      (listenersOf(page, 'console') ?? 2) > 1 || (listenersOf(page.context(), 'console') ?? 1) > 0;
    if (!othersListen) for (const arg of msg.args()) arg.dispose().catch(() => undefined);
  });
  page.on('pageerror', (error) =>
    hooks.onConsole(session, {
      kind: 'pageerror',
      type: 'error',
      text: error.stack ?? error.message,
      url: page.url(),
      pageId: session.pageIdOf(page),
      timestamp: new Date().toISOString(),
    }),
  );
}
