import { randomBytes } from 'node:crypto';
import {
  type ConsoleEntry,
  type PageInfo,
  redactOptions,
  type Session,
  type SessionStatus,
} from '@marketbridge/api-types';
import type { BrowserContext, Page } from 'playwright-core';
import { NavigationMemory } from './navigation-memory.js';
import { followPage, type PageHooks } from './page-events.js';
import { RingBuffer } from './ring-buffer.js';
import { SerialQueue } from './serial-queue.js';
import type { SessionSnapshot } from './state-store.js';
import type { SessionIdentity } from './types.js';

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
  /** Where each page's navigations went, to bring it back at the right URL. */
  readonly navigation = new NavigationMemory();
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

  /** Follows `page` (once): its events are turned into the session's state by page-events.ts. */
  track(page: Page): void {
    if (this.pages.includes(page)) return;
    this.pages.push(page);
    this.pageIdOf(page);
    followPage(this, page, this.hooks);
  }

  rememberUrls(): void {
    if (this.pages.length === 0) return;
    this.lastUrls = this.pages.map((p) => this.navigation.urlToRestore(p));
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
