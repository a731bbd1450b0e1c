import type { BrowserInfo, BrowserType } from '@marketbridge/api-types';
import type { Browser } from 'playwright-core';
import { type LaunchRequest, launchBrowser } from './launch.js';
import { withTimeout } from './with-timeout.js';

type PoolOptions = Omit<LaunchRequest, 'browserType' | 'headless'>;

/** One browser per (browserType, headless), launched on first use and shared by every session's context. */
export class BrowserPool {
  readonly #browsers = new Map<string, Promise<Browser>>();
  readonly #closing = new Set<Browser>();

  constructor(
    private readonly options: PoolOptions,
    private readonly onDisconnected: (key: string) => void,
  ) {}

  static key(browserType: BrowserType, headless: boolean): string {
    return `${browserType}:${headless ? 'headless' : 'headed'}`;
  }

  get(browserType: BrowserType, headless: boolean): Promise<Browser> {
    const key = BrowserPool.key(browserType, headless);
    let browser = this.#browsers.get(key);
    if (!browser) {
      browser = launchBrowser({ ...this.options, browserType, headless }).then((b) => {
        b.on('disconnected', () => {
          if (this.#browsers.get(key) === browser) this.#browsers.delete(key);
          if (!this.#closing.delete(b)) this.onDisconnected(key);
        });
        return b;
      });
      this.#browsers.set(key, browser);
      // A failed launch is not cached: the next call tries again.
      browser.catch(() => {
        if (this.#browsers.get(key) === browser) this.#browsers.delete(key);
      });
    }
    return browser;
  }

  async infos(): Promise<BrowserInfo[]> {
    const infos: BrowserInfo[] = [];
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
        remote: Boolean(this.options.browserEndpoint),
      });
    }
    return infos;
  }

  get size(): number {
    return this.#browsers.size;
  }

  async closeAll(timeoutMs: number): Promise<void> {
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
