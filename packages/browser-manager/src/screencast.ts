import type { Viewport } from '@marketbridge/api-types';
import type { CDPSession, Page } from 'playwright-core';
import { withTimeout } from './with-timeout.js';

/** One picture of a session's active page. */
export interface ScreencastFrame {
  /** JPEG bytes. */
  data: Buffer;
  /**
   * When the frame reached this process from the browser (poll mode: when the screenshot was asked
   * for), ms since the epoch on this machine's clock. Chromium's own frame time is `browserTimestamp`;
   * its clock can run a few ms apart from Node's, so latency is measured from `timestamp`.
   */
  timestamp: number;
  /** Chromium's frame swap time, ms since the epoch (screencast mode only). */
  browserTimestamp?: number;
  /** The page viewport the frame shows, in CSS pixels: input coordinates map to it. */
  viewport: Viewport;
  /** URL of the page shown. */
  url: string;
  /** `screencast`: pushed by Chromium (CDP). `poll`: screenshots taken at an interval (other browsers). */
  mode: 'screencast' | 'poll';
}

export interface ScreencastOptions {
  /** JPEG quality 1-100 (default 70). */
  quality?: number;
  /** Largest frame size in pixels (screencast mode; default: the viewport size). */
  maxWidth?: number;
  maxHeight?: number;
  /** `auto` (default): CDP screencast on Chromium, polling elsewhere. `poll`: always poll. */
  mode?: 'auto' | 'poll';
  /** Polling interval, ms (default 200). */
  pollIntervalMs?: number;
}

export interface ScreencastSubscription {
  /** Stops delivering frames to this subscriber; the screencast stops with the last one. */
  close(): void;
}

export type FrameListener = (frame: ScreencastFrame) => void;

/** How often the screencast checks whether the session's active page changed (popup, crash, restore). */
const FOLLOW_INTERVAL_MS = 250;
const START_TIMEOUT_MS = 10_000;

interface Source {
  stop(): Promise<void>;
}

/**
 * The live picture of one session, shared by all its subscribers. Follows the active page: when it
 * changes (a popup opens, the page is replaced after a crash, the context is restored), the source
 * moves to the new page. Frames that arrive while a subscriber is slow are the subscriber's to drop.
 */
export class SessionScreencast {
  readonly #listeners = new Set<FrameListener>();
  readonly #getPage: () => Page | undefined;
  readonly #options: ScreencastOptions;
  readonly #warn: (message: string, error?: unknown) => void;
  #page: Page | undefined;
  #source: Source | undefined;
  #switching: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #last: ScreencastFrame | undefined;
  #stopped = false;

  constructor(
    getPage: () => Page | undefined,
    options: ScreencastOptions,
    warn: (message: string, error?: unknown) => void,
  ) {
    this.#getPage = getPage;
    this.#options = options;
    this.#warn = warn;
    this.#timer = setInterval(() => this.#follow(), FOLLOW_INTERVAL_MS);
    this.#timer.unref();
    this.#follow();
  }

  get size(): number {
    return this.#listeners.size;
  }

  subscribe(listener: FrameListener): void {
    this.#listeners.add(listener);
    const last = this.#last;
    // A static page sends no new frames: a late subscriber starts from the newest one.
    if (last) queueMicrotask(() => this.#listeners.has(listener) && listener(last));
  }

  unsubscribe(listener: FrameListener): void {
    this.#listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#listeners.clear();
    await this.#switching;
    await this.#source?.stop();
    this.#source = undefined;
  }

  #follow(): void {
    if (this.#stopped) return;
    const page = this.#getPage();
    const current = page && !page.isClosed() ? page : undefined;
    if (current === this.#page) return;
    this.#page = current;
    this.#switching = this.#switching.then(async () => {
      await this.#source?.stop();
      this.#source = undefined;
      if (!current || this.#stopped || current !== this.#page) return;
      try {
        this.#source = await this.#start(current);
      } catch (error) {
        this.#warn('Could not start the live view of a page', error);
        this.#page = undefined; // retried on the next tick
      }
      if (this.#stopped) await this.#source?.stop();
    });
  }

  #emit(frame: ScreencastFrame): void {
    if (this.#stopped) return;
    this.#last = frame;
    for (const listener of this.#listeners) {
      try {
        listener(frame);
      } catch (error) {
        this.#warn('A screencast subscriber failed', error);
      }
    }
  }

  #start(page: Page): Promise<Source> {
    const chromium = page.context().browser()?.browserType().name() === 'chromium';
    if (chromium && this.#options.mode !== 'poll') return this.#startCdp(page);
    return Promise.resolve(this.#startPolling(page));
  }

  async #startCdp(page: Page): Promise<Source> {
    const cdp: CDPSession = await withTimeout(
      page.context().newCDPSession(page),
      START_TIMEOUT_MS,
      'Opening a CDP session',
    );
    cdp.on('Page.screencastFrame', (event) => {
      // Chromium sends the next frame only after this one is acknowledged.
      cdp.send('Page.screencastFrameAck', { sessionId: event.sessionId }).catch(() => undefined);
      const m = event.metadata;
      this.#emit({
        data: Buffer.from(event.data, 'base64'),
        timestamp: performance.timeOrigin + performance.now(), // epoch ms, sub-ms precision
        ...(m.timestamp ? { browserTimestamp: m.timestamp * 1000 } : {}),
        viewport: { width: Math.round(m.deviceWidth), height: Math.round(m.deviceHeight) },
        url: page.url(),
        mode: 'screencast',
      });
    });
    const size = page.viewportSize();
    await withTimeout(
      cdp.send('Page.startScreencast', {
        format: 'jpeg',
        quality: this.#options.quality ?? 70,
        maxWidth: this.#options.maxWidth ?? size?.width ?? 1280,
        maxHeight: this.#options.maxHeight ?? size?.height ?? 800,
        everyNthFrame: 1,
      }),
      START_TIMEOUT_MS,
      'Starting the screencast',
    );
    return {
      stop: async () => {
        await withTimeout(cdp.send('Page.stopScreencast'), 2_000, 'Stopping the screencast').catch(
          () => undefined,
        );
        await cdp.detach().catch(() => undefined);
      },
    };
  }

  #startPolling(page: Page): Source {
    let running = true;
    let previous: Buffer | undefined;
    const interval = this.#options.pollIntervalMs ?? 200;
    const loop = (async () => {
      while (running && !page.isClosed()) {
        const started = Date.now();
        try {
          const data = await page.screenshot({
            type: 'jpeg',
            quality: this.#options.quality ?? 70,
            timeout: 5_000,
          });
          const viewport =
            page.viewportSize() ??
            (await page
              .evaluate(() => ({ width: innerWidth, height: innerHeight }))
              .catch(() => ({
                width: 0,
                height: 0,
              })));
          if (running && !previous?.equals(data)) {
            previous = data;
            this.#emit({ data, timestamp: started, viewport, url: page.url(), mode: 'poll' });
          }
        } catch {
          // The page is navigating or closing; the next round (or the next page) takes over.
        }
        await new Promise((r) => setTimeout(r, Math.max(0, interval - (Date.now() - started))));
      }
    })();
    return {
      stop: async () => {
        running = false;
        await withTimeout(loop, 6_000, 'Stopping screenshot polling').catch(() => undefined);
      },
    };
  }
}
