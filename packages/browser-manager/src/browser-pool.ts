import type { BrowserInfo, BrowserType } from '@marketbridge/api-types';
import type { Browser } from 'playwright-core';
import { findDevToolsEndpoint } from './devtools-endpoint.js';
import { BrowserUnavailableError } from './errors.js';
import { type LaunchRequest, launchBrowser } from './launch.js';
import { withTimeout } from './with-timeout.js';

type PoolOptions = Omit<LaunchRequest, 'browserType' | 'headless'>;

/** How a lost browser server is reconnected to: backoff doubling from the first to the longest delay. */
export interface ReconnectOptions {
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Stop trying after this long (the next get() tries again, once). */
  giveUpAfterMs?: number;
}

export interface PoolHooks {
  /** A browser server whose connection was lost is connected again: its sessions can come back. */
  onReconnected?(key: string): void;
  onWarning?(message: string, error?: unknown): void;
  reconnect?: ReconnectOptions;
}

const RECONNECT_DEFAULTS: Required<ReconnectOptions> = {
  firstDelayMs: 250,
  maxDelayMs: 5_000,
  giveUpAfterMs: 5 * 60_000,
};

/** A remote browser whose connection was lost, and the background attempts to get it back. */
interface Outage {
  readonly since: number;
  readonly version: string;
  attempts: number;
  lastError: unknown;
  nextAttemptAt: number;
  timer: NodeJS.Timeout | undefined;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/**
 * One browser per (browserType, headless), launched on first use and shared by every session's context.
 * A remote browser (`browserEndpoint`) whose connection is lost is reconnected to in the background
 * with bounded backoff; meanwhile get() fails at once with a BrowserUnavailableError naming the endpoint
 * instead of hammering it on every request.
 */
export class BrowserPool {
  readonly #browsers = new Map<string, Promise<Browser>>();
  readonly #closing = new Set<Browser>();
  readonly #outages = new Map<string, Outage>();
  readonly #devtools = new WeakMap<Browser, Promise<string>>();
  readonly #reconnect: Required<ReconnectOptions>;
  #closed = false;

  constructor(
    private readonly options: PoolOptions,
    private readonly onDisconnected: (key: string) => void,
    private readonly hooks: PoolHooks = {},
  ) {
    this.#reconnect = { ...RECONNECT_DEFAULTS, ...hooks.reconnect };
  }

  static key(browserType: BrowserType, headless: boolean): string {
    return `${browserType}:${headless ? 'headless' : 'headed'}`;
  }

  get(browserType: BrowserType, headless: boolean): Promise<Browser> {
    const key = BrowserPool.key(browserType, headless);
    const browser = this.#browsers.get(key);
    const outage = this.#outages.get(key);
    // While a reconnect attempt is in flight this is that attempt; should it fail, the caller gets the
    // outage's error (how long, the last attempt, the next one), as between attempts.
    if (browser && outage) {
      return browser.catch((error: unknown) => {
        throw this.#outages.get(key) === outage ? this.#outageError(outage) : error;
      });
    }
    if (browser) return browser;
    if (outage) return Promise.reject(this.#outageError(outage));
    return this.#open(key, browserType, headless);
  }

  #open(key: string, browserType: BrowserType, headless: boolean): Promise<Browser> {
    const browser = launchBrowser({ ...this.options, browserType, headless }).then((b) => {
      b.on('disconnected', () => {
        if (this.#browsers.get(key) === browser) this.#browsers.delete(key);
        if (this.#closing.delete(b) || this.#closed) return;
        if (this.options.browserEndpoint) this.#startReconnecting(key, browserType, headless, b.version());
        this.onDisconnected(key);
      });
      return b;
    });
    this.#browsers.set(key, browser);
    // A failed launch is not cached: the next call tries again.
    browser.catch(() => {
      if (this.#browsers.get(key) === browser) this.#browsers.delete(key);
    });
    return browser;
  }

  #startReconnecting(key: string, browserType: BrowserType, headless: boolean, version: string): void {
    const { firstDelayMs, maxDelayMs, giveUpAfterMs } = this.#reconnect;
    const endpoint = this.options.browserEndpoint;
    const outage: Outage = {
      since: Date.now(),
      version,
      attempts: 0,
      lastError: undefined,
      nextAttemptAt: 0,
      timer: undefined,
    };
    this.#outages.set(key, outage);
    this.hooks.onWarning?.(
      `Lost the connection to the browser server at ${endpoint}; reconnecting in the background ` +
        `(backoff up to ${maxDelayMs} ms, for up to ${Math.round(giveUpAfterMs / 1000)} s)`,
    );
    const schedule = (delayMs: number) => {
      outage.nextAttemptAt = Date.now() + delayMs;
      outage.timer = setTimeout(attempt, delayMs);
      outage.timer.unref();
    };
    const attempt = () => {
      outage.timer = undefined;
      if (this.#closed || this.#outages.get(key) !== outage) return;
      outage.attempts++;
      this.#open(key, browserType, headless).then(
        () => {
          this.#outages.delete(key);
          if (this.#closed) return;
          const seconds = ((Date.now() - outage.since) / 1000).toFixed(1);
          this.hooks.onWarning?.(
            `Reconnected to the browser server at ${endpoint} after ${outage.attempts} attempt(s) in ${seconds} s`,
          );
          this.hooks.onReconnected?.(key);
        },
        (error: unknown) => {
          outage.lastError = error;
          if (this.#closed || this.#outages.get(key) !== outage) return;
          if (Date.now() - outage.since >= giveUpAfterMs) {
            this.#outages.delete(key);
            this.hooks.onWarning?.(
              `Gave up reconnecting to the browser server at ${endpoint} after ${outage.attempts} attempts; ` +
                'the next request tries again',
              error,
            );
            return;
          }
          schedule(Math.min(maxDelayMs, firstDelayMs * 2 ** (outage.attempts - 1)));
        },
      );
    };
    schedule(firstDelayMs);
  }

  #outageError(outage: Outage): BrowserUnavailableError {
    const lost = Math.round((Date.now() - outage.since) / 1000);
    const next = Math.max(0, outage.nextAttemptAt - Date.now());
    const last = outage.lastError ? ` (last attempt: ${firstLine(outage.lastError)})` : '';
    return new BrowserUnavailableError(
      `The browser server at ${this.options.browserEndpoint} is unreachable: the connection was lost ${lost} s ago${last}. ` +
        `Reconnecting in the background: attempt ${outage.attempts + 1} in ${next} ms.`,
      { cause: outage.lastError },
    );
  }

  /**
   * The DevTools WebSocket of a launched Chromium (found once per browser). Only browsers launched with
   * `devtoolsPort` have one.
   */
  devtoolsEndpoint(browser: Browser): Promise<string> {
    let endpoint = this.#devtools.get(browser);
    if (!endpoint) {
      endpoint = findDevToolsEndpoint(browser, this.options.timeoutMs);
      this.#devtools.set(browser, endpoint);
      endpoint.catch(() => this.#devtools.delete(browser));
    }
    return endpoint;
  }

  async infos(): Promise<BrowserInfo[]> {
    const infos: BrowserInfo[] = [];
    const remote = Boolean(this.options.browserEndpoint);
    for (const [key, pending] of this.#browsers) {
      const browser = await pending.catch(() => undefined);
      if (!browser) continue;
      const [browserType, mode] = key.split(':') as [BrowserType, string];
      infos.push({
        browserType,
        headless: mode === 'headless',
        connected: browser.isConnected(),
        version: browser.version(),
        contexts: browser.contexts().length,
        remote,
      });
    }
    for (const [key, outage] of this.#outages) {
      if (this.#browsers.has(key)) continue;
      const [browserType, mode] = key.split(':') as [BrowserType, string];
      infos.push({
        browserType,
        headless: mode === 'headless',
        connected: false,
        version: outage.version,
        contexts: 0,
        remote,
      });
    }
    return infos;
  }

  get size(): number {
    return this.#browsers.size;
  }

  async closeAll(timeoutMs: number): Promise<void> {
    this.#closed = true;
    for (const outage of this.#outages.values()) clearTimeout(outage.timer);
    this.#outages.clear();
    const pending = [...this.#browsers.values()];
    this.#browsers.clear();
    await Promise.all(
      pending.map(async (p) => {
        const browser = await p.catch(() => undefined);
        if (!browser) return;
        this.#closing.add(browser);
        await withTimeout(browser.close(), timeoutMs, 'Closing the browser').catch(() => undefined);
      }),
    );
  }
}
