import type { BrowserInfo, BrowserType, Viewport } from '@marketbridge/api-types';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BrowserPool } from './browser-pool.js';
import { InvalidOptionError } from './errors.js';
import type { Warn } from './manager-deps.js';
import type { SessionIdentity } from './types.js';
import { withTimeout } from './with-timeout.js';

/** Ready contexts kept per browser kind at most: each costs memory (see the README), so few. */
export const MAX_WARM_CONTEXTS = 8;

/** A context made fresh with one blank page, touched by nobody, waiting for a new session. */
export interface WarmContext {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
}

interface Entry extends WarmContext {
  /** Stops watching the context and page (taken, or discarded). */
  unwatch(): void;
}

interface Slot {
  ready: Entry[];
  filling: boolean;
  /** Bumped when the kind's browser goes away: a fill started before does not add to the slot. */
  generation: number;
}

export interface WarmPoolStats {
  /** Contexts ready now, over every browser kind. */
  ready: number;
  /** Contexts handed to new sessions since the manager started. */
  taken: number;
  /** Contexts made for the pool since the manager started. */
  made: number;
  /** Contexts thrown away unused: their page or context closed or crashed, their browser left, or shutdown. */
  discarded: number;
}

/** Throws InvalidOptionError unless `value` is a whole number from 0 (off) to MAX_WARM_CONTEXTS. */
export function checkWarmContexts(value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0 || value > MAX_WARM_CONTEXTS)
    throw new InvalidOptionError(
      `warmContexts must be a whole number from 0 (off) to ${MAX_WARM_CONTEXTS}, got ${value}.`,
    );
  return value;
}

/**
 * True when a session's context needs nothing a ready one lacks: no identity options (a user agent,
 * locale, time zone, proxy, device... are only taken by newContext) and the viewport ready contexts
 * are made with (a context's viewport is also what its later pages and popups get, so a page's
 * setViewportSize would not do).
 */
export function takesWarmContext(identity: SessionIdentity, viewport: Viewport): boolean {
  const options = Object.values(identity.options ?? {}).filter((v) => v !== undefined);
  return (
    options.length === 0 &&
    identity.viewport.width === viewport.width &&
    identity.viewport.height === viewport.height
  );
}

/**
 * Keeps `size` ready contexts (one blank page each) per browser kind in use, so a new session skips
 * newContext() + newPage(). A take refills in the background; a context is made fresh, handed out at
 * most once and never comes back; one whose page or context closed or crashed, or whose browser left,
 * is thrown away, and a browser's disconnection empties its kind's slot.
 */
export class WarmPool {
  readonly #slots = new Map<string, Slot>();
  readonly #stats = { taken: 0, made: 0, discarded: 0 };
  #closed = false;

  constructor(
    private readonly size: number,
    private readonly viewport: Viewport,
    private readonly warn: Warn,
  ) {}

  get enabled(): boolean {
    return this.size > 0 && !this.#closed;
  }

  /**
   * The browsers with this pool's ready contexts left out of their counts: those belong to no session
   * yet, and a browser's `contexts` counts sessions.
   */
  excludeReady(browsers: BrowserInfo[]): BrowserInfo[] {
    return browsers.map((b) => {
      const ready = this.#slots.get(BrowserPool.key(b.browserType, b.headless))?.ready.length ?? 0;
      return { ...b, contexts: Math.max(0, b.contexts - ready) };
    });
  }

  stats(): WarmPoolStats {
    let ready = 0;
    for (const slot of this.#slots.values()) ready += slot.ready.length;
    return { ready, ...this.#stats };
  }

  /**
   * A ready context of `browser` (the kind's current browser), or undefined: the caller opens one
   * itself. Either way the kind's slot is refilled in the background.
   */
  take(browserType: BrowserType, headless: boolean, browser: Browser): WarmContext | undefined {
    if (!this.enabled) return undefined;
    const key = BrowserPool.key(browserType, headless);
    const slot = this.#slot(key);
    let taken: Entry | undefined;
    while (!taken && slot.ready.length > 0) {
      const entry = slot.ready.shift() as Entry;
      entry.unwatch();
      if (entry.browser === browser && browser.isConnected() && !entry.page.isClosed()) taken = entry;
      else this.#discard(entry);
    }
    if (taken) this.#stats.taken++;
    this.refill(key, browser);
    return taken;
  }

  /** Fills the kind's slot up to `size` from `browser`, in the background; never launches a browser. */
  refill(key: string, browser: Browser): void {
    if (!this.enabled) return;
    const slot = this.#slot(key);
    if (slot.filling || slot.ready.length >= this.size) return;
    slot.filling = true;
    const generation = slot.generation;
    // Off the caller's path: the request that took a context goes on before the first newContext.
    setImmediate(() => {
      void this.#fill(slot, generation, browser).finally(() => {
        slot.filling = false;
      });
    });
  }

  async #fill(slot: Slot, generation: number, browser: Browser): Promise<void> {
    const current = () => !this.#closed && slot.generation === generation && browser.isConnected();
    while (current() && slot.ready.length < this.size) {
      let context: BrowserContext | undefined;
      try {
        context = await browser.newContext({ viewport: { ...this.viewport } });
        const page = await context.newPage();
        this.#stats.made++;
        const entry = this.#watch(slot, { browser, context, page });
        if (current()) slot.ready.push(entry);
        else this.#discard(entry);
      } catch (error) {
        await context?.close().catch(() => undefined);
        // A browser going away or shutting down fails a fill on purpose; anything else is worth a word.
        if (current()) this.warn('Could not make a ready context; the next session start refills', error);
        return;
      }
    }
  }

  /** Watches a ready context: should its page or context close or crash, it leaves the slot. */
  #watch(slot: Slot, warm: WarmContext): Entry {
    const gone = () => {
      const i = slot.ready.indexOf(entry);
      if (i < 0) return;
      slot.ready.splice(i, 1);
      this.#discard(entry);
    };
    const entry: Entry = {
      ...warm,
      unwatch: () => {
        warm.page.off('close', gone);
        warm.page.off('crash', gone);
        warm.context.off('close', gone);
      },
    };
    warm.page.on('close', gone);
    warm.page.on('crash', gone);
    warm.context.on('close', gone);
    return entry;
  }

  /** The kind's browser went away: every ready context of it is gone, and a fill under way stops. */
  onBrowserDisconnected(key: string): void {
    const slot = this.#slots.get(key);
    if (!slot) return;
    slot.generation++;
    for (const entry of slot.ready.splice(0)) this.#discard(entry);
  }

  /** Closes every ready context; nothing is made after. */
  async close(timeoutMs: number): Promise<void> {
    this.#closed = true;
    const entries = [...this.#slots.values()].flatMap((slot) => slot.ready.splice(0));
    await withTimeout(
      Promise.all(entries.map((entry) => this.#discard(entry))),
      timeoutMs,
      'Closing the ready contexts',
    ).catch(() => undefined);
  }

  #discard(entry: Entry): Promise<void> {
    entry.unwatch();
    this.#stats.discarded++;
    return entry.context.close().catch(() => undefined);
  }

  #slot(key: string): Slot {
    let slot = this.#slots.get(key);
    if (!slot) {
      slot = { ready: [], filling: false, generation: 0 };
      this.#slots.set(key, slot);
    }
    return slot;
  }
}
