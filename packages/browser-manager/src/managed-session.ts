import { randomBytes } from 'node:crypto';
import {
  type ConsoleEntry,
  type DialogPolicy,
  type PageInfo,
  redactOptions,
  type Session,
  type SessionStatus,
} from '@marketbridge/api-types';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { RingBuffer } from './ring-buffer.js';
import { SerialQueue } from './serial-queue.js';
import type { SessionSnapshot } from './state-store.js';
import type { SessionIdentity } from './types.js';
import { isErrorPage } from './url-policy.js';

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

/** A page id: short, random, stable for the page's life and across its reopening. */
export function newPageId(): string {
  return `p-${randomBytes(5).toString('hex')}`;
}

/** One named session: its identity, its live context and pages, and its operation queue. */
export class ManagedSession {
  status: SessionStatus = 'restoring';
  lastActivity = new Date();
  context: BrowserContext | undefined;
  readonly pages: Page[] = [];
  /** URLs of the pages as last seen, kept so a crashed browser's pages can be reopened. */
  lastUrls: string[] = [];
  /** The ids of those pages, in the same order: a reopened page takes its id back. */
  lastPageIds: string[] = [];
  readonly #pageIds = new WeakMap<Page, string>();
  title = '';
  /** Set while the session is being brought back; operations wait for it. */
  restoring: Promise<void> | undefined;
  readonly queue = new SerialQueue();
  /** Per page: the URL a navigation was asked for, and the last URL that was not an error page. */
  readonly #attempted = new WeakMap<Page, string>();
  readonly #lastGood = new WeakMap<Page, string>();
  /** Per page: when a beforeunload dialog was last dismissed, which cancels the navigation that raised it. */
  readonly #stayedOnUnload = new WeakMap<Page, number>();
  readonly console: RingBuffer<ConsoleEntry>;
  /** When the current context was opened (ms since the epoch) and how many operations it has run. */
  contextOpenedAt = 0;
  operationsInContext = 0;
  /** How many times the context was replaced by a fresh one on the recycle schedule. */
  recycles = 0;
  /** Restore attempts that failed since the last crash (only the first is reported). */
  failedRestores = 0;
  /** Background saves failed in a row; only the first of a streak is reported. */
  failedSaves = 0;
  /** Set while a recycle is queued or running, so the schedule never queues two. */
  recycling: Promise<number | undefined> | undefined;

  constructor(
    readonly identity: SessionIdentity,
    consoleBufferSize: number,
    private readonly hooks: PageHooks,
  ) {
    this.console = new RingBuffer(consoleBufferSize);
  }

  get id(): string {
    return this.identity.id;
  }

  get name(): string {
    return this.identity.name;
  }

  /** The page actions go to when they name none: the newest, or the one last activated. */
  get activePage(): Page | undefined {
    return this.pages.at(-1);
  }

  /** The page's stable id (given on first sight, or taken back when the page is reopened). */
  pageIdOf(page: Page): string {
    let id = this.#pageIds.get(page);
    if (!id) {
      id = newPageId();
      this.#pageIds.set(page, id);
    }
    return id;
  }

  /** A reopened page takes back the id it had. */
  assignPageId(page: Page, id: string): void {
    this.#pageIds.set(page, id);
    this.rememberUrls();
  }

  pageById(id: string): Page | undefined {
    return this.pages.find((p) => this.#pageIds.get(p) === id);
  }

  /** Makes `page` the active one (the last of `pages`). */
  activate(page: Page): void {
    const i = this.pages.indexOf(page);
    if (i < 0) return;
    this.pages.splice(i, 1);
    this.pages.push(page);
    this.rememberUrls();
  }

  /** What to reopen: URLs and ids as a saved snapshot lists them (ids are new for older files). */
  rememberPages(pages: readonly { url: string; id?: string | undefined }[]): void {
    this.lastUrls = pages.map((p) => p.url);
    this.lastPageIds = pages.map((p) => p.id ?? newPageId());
  }

  /** The pages as the API lists them. */
  async pageInfos(): Promise<PageInfo[]> {
    const active = this.activePage;
    return Promise.all(
      this.pages.map(async (page) => ({
        id: this.pageIdOf(page),
        url: page.url(),
        title: await page.title().catch(() => ''),
        active: page === active,
      })),
    );
  }

  /** Starts tracking a context: every page it opens (popups included) is followed. */
  attach(context: BrowserContext): void {
    this.pages.length = 0;
    this.context = context;
    this.contextOpenedAt = Date.now();
    this.operationsInContext = 0;
    context.on('page', (page) => this.track(page));
  }

  track(page: Page): void {
    if (this.pages.includes(page)) return;
    this.pages.push(page);
    this.pageIdOf(page);
    page.on('load', () => {
      page.title().then(
        (title) => {
          if (page === this.activePage) this.title = title;
        },
        () => undefined,
      );
    });
    page.on('close', () => {
      const i = this.pages.indexOf(page);
      if (i >= 0) this.pages.splice(i, 1);
      this.rememberUrls();
    });
    page.on('crash', () => this.hooks.onPageCrash(this, page));
    page.on('download', (download) => this.hooks.onDownload(this, this.pageIdOf(page), download));
    // Answered at once by the session's policy (dismiss unless told otherwise): a dialog never holds a
    // page, and each one is in the console.
    page.on('dialog', (dialog) => {
      const policy = this.identity.dialogs ?? { action: 'dismiss' as const };
      const answer = policy.action === 'accept' ? dialog.accept(policy.promptText ?? '') : dialog.dismiss();
      answer.catch(() => undefined); // another client (over CDP) may have answered it first
      if (dialog.type() === 'beforeunload' && policy.action === 'dismiss')
        this.#stayedOnUnload.set(page, Date.now());
      this.hooks.onConsole(this, {
        kind: 'dialog',
        type: dialog.type(),
        text: `${dialog.message() || dialog.type()} → ${dialogAnswer(dialog.type(), policy)}`,
        url: page.url(),
        pageId: this.pageIdOf(page),
        timestamp: new Date().toISOString(),
      });
    });
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame()) return;
      if (!isErrorPage(frame.url())) {
        this.#lastGood.set(page, frame.url());
        this.#attempted.delete(page);
      }
      this.rememberUrls();
      this.hooks.onNavigated(this);
    });
    page.on('console', (msg) => {
      this.hooks.onConsole(this, {
        kind: 'console',
        type: msg.type(),
        text: msg.text(),
        url: page.url(),
        pageId: this.pageIdOf(page),
        timestamp: new Date().toISOString(),
      });
      // Each argument is a handle that Playwright (in this process) and the page keep until the context
      // closes. Release them unless someone else listens (through withPage) and may still read them.
      const othersListen =
        (listenersOf(page, 'console') ?? 2) > 1 || (listenersOf(page.context(), 'console') ?? 1) > 0;
      if (!othersListen) for (const arg of msg.args()) arg.dispose().catch(() => undefined);
    });
    page.on('pageerror', (error) =>
      this.hooks.onConsole(this, {
        kind: 'pageerror',
        type: 'error',
        text: error.stack ?? error.message,
        url: page.url(),
        pageId: this.pageIdOf(page),
        timestamp: new Date().toISOString(),
      }),
    );
  }

  /** Records the URL a navigation of `page` is going to, remembered if it ends on an error page. */
  /** Whether a beforeunload dialog of `page` was dismissed at or after `since` (ms since the epoch). */
  stayedOnUnload(page: Page, since: number): boolean {
    return (this.#stayedOnUnload.get(page) ?? -1) >= since;
  }

  noteAttempt(page: Page, url: string): void {
    this.#attempted.set(page, url);
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

  rememberUrls(): void {
    if (this.pages.length === 0) return;
    this.lastUrls = this.pages.map((p) => this.urlToRestore(p));
    this.lastPageIds = this.pages.map((p) => this.pageIdOf(p));
  }

  touch(): void {
    this.lastActivity = new Date();
    this.rememberUrls();
  }

  snapshot(): SessionSnapshot {
    this.rememberUrls();
    const urls = this.lastUrls.length > 0 ? this.lastUrls : ['about:blank'];
    const ids = this.lastUrls.length > 0 ? this.lastPageIds : [];
    return {
      version: 1,
      sessionId: this.id,
      name: this.name,
      browserType: this.identity.browserType,
      headless: this.identity.headless,
      viewport: this.identity.viewport,
      metadata: this.identity.metadata,
      createdAt: this.identity.createdAt,
      ...(this.identity.dialogs ? { dialogs: this.identity.dialogs } : {}),
      ...(this.identity.options ? { options: this.identity.options } : {}),
      savedAt: new Date().toISOString(),
      pages: urls.map((url, i) => ({ url, ...(ids[i] ? { id: ids[i] } : {}) })),
      activePage: urls.length - 1,
    };
  }

  info(): Session {
    return {
      id: this.id,
      name: this.name,
      browserType: this.identity.browserType,
      headless: this.identity.headless,
      viewport: this.identity.viewport,
      status: this.status,
      active: this.status !== 'inactive',
      createdAt: this.identity.createdAt,
      lastActivity: this.lastActivity.toISOString(),
      currentUrl: this.activePage?.url() ?? this.lastUrls.at(-1) ?? 'about:blank',
      title: this.title,
      pageCount: this.pages.length,
      metadata: this.identity.metadata,
      ...(this.identity.dialogs ? { dialogs: this.identity.dialogs } : {}),
      ...(this.identity.options ? { options: redactOptions(this.identity.options) } : {}),
    };
  }
}
