import { mkdir, writeFile } from 'node:fs/promises';
import {
  BrowserClient,
  type NavigateResponse,
  type SessionHandle,
  type Viewport,
} from '@marketbridge/client';
import { homeLayout } from '@marketbridge/client/home';
import { type ControllerLogger, ControllerPage, positiveMs } from './controller-page.js';
import { ControllerError } from './errors.js';
import { getMarketData, waitForMarketData } from './market-data.js';
import { getOrders, type Order, placeOrder } from './orders.js';
import type { MarketData, Subscription } from './parse.js';
import { getConnectionStatus, waitForReady } from './readiness.js';
import { debugScreenshotPath } from './screenshots.js';
import { resolveSelectors, type Selectors } from './selectors.js';
import type { ConnectionStatus } from './status.js';
import { listSubscriptions, subscribe, unsubscribe } from './subscriptions.js';
import type { OrderInput, SubscribeOptions } from './validation.js';

export type { ControllerLogger } from './controller-page.js';
export type { Order } from './orders.js';

export const DEFAULT_MARKETBRIDGE_URL = 'http://localhost:8080';
export const DEFAULT_SESSION_NAME = 'marketbridge_session';

export interface BrowserControllerOptions {
  /** Session server URL (default: the client's resolution — MB_BROWSER_URL, the daemon's PID file, :9247). */
  serverUrl?: string;
  /** API token (default: the client's — MB_BROWSER_TOKEN, else `<home>/token`). */
  token?: string;
  /** MARKETBRIDGE_HOME (default `$MARKETBRIDGE_HOME`, else ~/.marketbridge). */
  home?: string;
  /** Use this client instead of creating one (serverUrl, token and home are then ignored). */
  client?: BrowserClient;
  /** The MarketBridge UI (default `$MARKETBRIDGE_URL`, else http://localhost:8080). */
  marketbridgeUrl?: string;
  /** Where `takeDebugScreenshot` writes (default `<home>/screenshots`). */
  screenshotsDir?: string;
  /** Overrides of the selector map (see DEFAULT_SELECTORS). */
  selectors?: Partial<Selectors>;
  /** Where refusals and progress go (default: console, prefixed); `false` for nothing. */
  logger?: ControllerLogger | false;
  /** Bound of each click/fill/select, ms (default 10000). */
  actionTimeoutMs?: number;
  /** How long subscribe/unsubscribe/placeOrder wait for the page to show the result, ms (default 5000). */
  confirmTimeoutMs?: number;
}

export interface StartSessionOptions {
  headless?: boolean;
  viewport?: Viewport;
  /** Navigate to MarketBridge when the session's page is not already there (default true). */
  autoNavigate?: boolean;
}

const consoleLogger: ControllerLogger = {
  info: (m) => console.info(`[marketbridge-controller] ${m}`),
  warn: (m) => console.warn(`[marketbridge-controller] ${m}`),
};
const silentLogger: ControllerLogger = { info: () => undefined, warn: () => undefined };

function checkHttpUrl(url: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ControllerError('invalid_input', `${what} is not a URL: "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ControllerError('invalid_input', `${what} must be an http(s) URL: "${url}"`);
  return parsed.href;
}

/**
 * High-level MarketBridge workflows on a persistent session of the session server. Everything goes
 * through `@marketbridge/client`: interact calls for actions, read-only scripts (values passed as `args`)
 * for reading the page. Closing the controller never deletes the session — it stays for the next run.
 */
export class BrowserController {
  readonly client: BrowserClient;
  readonly marketbridgeUrl: string;
  readonly screenshotsDir: string;
  readonly selectors: Readonly<Selectors>;
  readonly #ownsClient: boolean;
  readonly #page: ControllerPage;

  constructor(options: BrowserControllerOptions = {}) {
    this.selectors = Object.freeze(resolveSelectors(options.selectors));
    this.marketbridgeUrl = checkHttpUrl(
      options.marketbridgeUrl ?? (process.env.MARKETBRIDGE_URL || DEFAULT_MARKETBRIDGE_URL),
      'marketbridgeUrl',
    );
    this.screenshotsDir = homeLayout(options.home, {
      ...(options.screenshotsDir ? { screenshotsDir: options.screenshotsDir } : {}),
    }).screenshotsDir;
    this.#page = new ControllerPage(
      this.selectors,
      options.logger === false ? silentLogger : (options.logger ?? consoleLogger),
      positiveMs(options.actionTimeoutMs, 10_000, 'actionTimeoutMs'),
      positiveMs(options.confirmTimeoutMs, 5_000, 'confirmTimeoutMs'),
    );
    this.#ownsClient = options.client === undefined;
    this.client =
      options.client ??
      new BrowserClient(options.serverUrl, {
        ...(options.token !== undefined ? { token: options.token } : {}),
        ...(options.home !== undefined ? { home: options.home } : {}),
      });
  }

  /** The session in use, once `startSession` has run. */
  get session(): SessionHandle | undefined {
    return this.#page.session;
  }

  /** Why the last subscribe/unsubscribe/order returned false or null (also logged). */
  get lastFailure(): string | undefined {
    return this.#page.lastFailure;
  }

  /** True when `url` is on the MarketBridge UI (same origin, under its path). */
  isMarketBridgeUrl(url: string | null | undefined): boolean {
    if (!url) return false;
    try {
      const page = new URL(url);
      const home = new URL(this.marketbridgeUrl);
      const base = home.pathname.replace(/\/+$/, '');
      return page.origin === home.origin && (page.pathname === base || page.pathname.startsWith(`${base}/`));
    } catch {
      return false;
    }
  }

  // ---- session ------------------------------------------------------------------------------------

  /**
   * Gets the named session — the live one when it exists (its page as it was), else a new or restored
   * one — and navigates to MarketBridge only when the page is not already there.
   */
  async startSession(name = DEFAULT_SESSION_NAME, options: StartSessionOptions = {}): Promise<SessionHandle> {
    const session = await this.client.createSession(name, {
      reuse: true,
      ...(options.headless !== undefined ? { headless: options.headless } : {}),
      ...(options.viewport ? { viewport: options.viewport } : {}),
    });
    this.#page.session = session;
    if ((options.autoNavigate ?? true) && !this.isMarketBridgeUrl(session.info.currentUrl)) {
      await this.navigateToMarketBridge();
    } else {
      this.#page.log.info(`Session "${name}" is at ${session.info.currentUrl}`);
    }
    return session;
  }

  /** Opens MarketBridge (or `url`) in the session's page. */
  async navigateToMarketBridge(url?: string): Promise<NavigateResponse> {
    const target = url === undefined ? this.marketbridgeUrl : checkHttpUrl(url, 'url');
    const result = await this.#page.requireSession().navigate(target);
    this.#page.log.info(`Opened ${result.url} (${result.title})`);
    return result;
  }

  /**
   * True once the page has `#app` and a connection-status element (either generation) — and, with
   * `connected: true`, once it is connected to its bridge. False when `timeoutMs` passes first.
   */
  waitForMarketBridgeReady(options: { timeoutMs?: number; connected?: boolean } = {}): Promise<boolean> {
    return waitForReady(this.#page, options);
  }

  /** The page's connection to its bridge: its own state when it exposes one, its status texts otherwise. */
  getConnectionStatus(): Promise<ConnectionStatus> {
    return getConnectionStatus(this.#page);
  }

  // ---- subscriptions --------------------------------------------------------------------------------

  /** Every item of the subscriptions list. */
  listSubscriptions(): Promise<Subscription[]> {
    return listSubscriptions(this.#page);
  }

  /**
   * Subscribes through the page's form and confirms it from the page: true once the item is in the
   * subscriptions list (also when it already was), false — with the reason logged and in `lastFailure` —
   * when the page refuses (not connected, a field it does not offer, an error line) or shows nothing in
   * time. Bad arguments throw ControllerError `invalid_input` before anything reaches the page.
   */
  subscribeToMarketData(symbol: string, options: SubscribeOptions = {}): Promise<boolean> {
    return subscribe(this.#page, symbol, options);
  }

  /** Unsubscribes every subscription of `symbol` with its own button; true once they are gone. */
  unsubscribeFromMarketData(symbol: string, options: { timeoutMs?: number } = {}): Promise<boolean> {
    return unsubscribe(this.#page, symbol, options);
  }

  // ---- market data ----------------------------------------------------------------------------------

  /** The symbol's grid row parsed into numbers (null for `-`), or null when the grid has no row for it. */
  getMarketData(symbol: string): Promise<MarketData | null> {
    return getMarketData(this.#page, symbol);
  }

  /** Waits until the symbol's row has a price (last, bid or ask); null when `timeoutMs` (15000) passes first. */
  waitForMarketData(symbol: string, options: { timeoutMs?: number } = {}): Promise<MarketData | null> {
    return waitForMarketData(this.#page, symbol, options);
  }

  // ---- orders -------------------------------------------------------------------------------------

  /** Every item of the orders list, parsed. */
  getOrders(): Promise<Order[]> {
    return getOrders(this.#page);
  }

  /**
   * Places an order through the page's order form and returns it as the orders list shows it; null —
   * reason logged and in `lastFailure` — when the page refuses it. Validated first: LMT and STP need a
   * price, MKT takes none; bad input throws ControllerError `invalid_input` before touching the page.
   */
  placeOrder(input: OrderInput): Promise<Order | null> {
    return placeOrder(this.#page, input);
  }

  // ---- screenshots --------------------------------------------------------------------------------

  /** A full-page PNG `debug_<label>_<timestamp>.png` in the screenshots directory; returns its path. */
  async takeDebugScreenshot(label = 'debug'): Promise<string> {
    const session = this.#page.requireSession();
    const path = debugScreenshotPath(this.screenshotsDir, label);
    const bytes = await session.screenshot(undefined, { fullPage: true, type: 'png' });
    await mkdir(this.screenshotsDir, { recursive: true });
    await writeFile(path, bytes);
    this.#page.log.info(`Screenshot saved: ${path}`);
    return path;
  }

  // ---- lifetime -----------------------------------------------------------------------------------

  /** Lets go of the session without deleting it (it stays on the server for the next run). */
  async close(): Promise<void> {
    this.#page.session = undefined;
    if (this.#ownsClient) await this.client.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
