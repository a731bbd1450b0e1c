import { mkdir, writeFile } from 'node:fs/promises';
import {
  BrowserClient,
  type NavigateResponse,
  type SessionHandle,
  type Viewport,
} from '@marketbridge/client';
import { homeLayout } from '@marketbridge/client/home';
import { ControllerError } from './errors.js';
import {
  LIST_ORDERS,
  LIST_SUBSCRIPTIONS,
  READ_LOG,
  READ_ROW,
  READ_STATUS,
  SELECT_OPTIONS,
} from './page-scripts.js';
import {
  type MarketData,
  parseMarketDataRow,
  parseNumber,
  parseSubscriptionKey,
  type Subscription,
} from './parse.js';
import { debugScreenshotPath } from './screenshots.js';
import { resolveSelectors, type SelectorName, type Selectors } from './selectors.js';
import { type ConnectionStatus, connectionStatusFrom, type RawStatus } from './status.js';
import {
  normalizeSymbol,
  type OrderInput,
  type SubscribeOptions,
  validateOrder,
  validateSubscription,
} from './validation.js';

export const DEFAULT_MARKETBRIDGE_URL = 'http://localhost:8080';
export const DEFAULT_SESSION_NAME = 'marketbridge_session';

export interface ControllerLogger {
  info(message: string): void;
  warn(message: string): void;
}

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

/** An item of the orders list, parsed; fields the page does not show are null. */
export interface Order {
  orderId: number | null;
  symbol: string | null;
  action: string | null;
  quantity: number | null;
  orderType: string | null;
  price: number | null;
  status: string | null;
  /** The item's whole text. */
  text: string;
}

interface RawOrder {
  id: string | null;
  symbol: string | null;
  action: string | null;
  quantity: string | null;
  orderType: string | null;
  price: string | null;
  status: string | null;
  text: string;
}

/** A log line that reports a refusal (the page's error lines). */
const ERROR_LINE = /\berror\b|\bfail|\brejected\b|not connected|already subscribed|invalid/i;
const POLL_MS = 150;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

function positiveMs(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new ControllerError('invalid_input', `${what} must be a number of milliseconds above 0`);
  return value;
}

/** A CSS string literal's inside: the value may come from the page, so quote it properly. */
function cssString(value: string): string {
  return value.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\a ');
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
  readonly #log: ControllerLogger;
  readonly #actionTimeoutMs: number;
  readonly #confirmTimeoutMs: number;
  #session: SessionHandle | undefined;
  #lastFailure: string | undefined;

  constructor(options: BrowserControllerOptions = {}) {
    this.selectors = Object.freeze(resolveSelectors(options.selectors));
    this.marketbridgeUrl = checkHttpUrl(
      options.marketbridgeUrl ?? (process.env.MARKETBRIDGE_URL || DEFAULT_MARKETBRIDGE_URL),
      'marketbridgeUrl',
    );
    this.screenshotsDir = homeLayout(options.home, {
      ...(options.screenshotsDir ? { screenshotsDir: options.screenshotsDir } : {}),
    }).screenshotsDir;
    this.#actionTimeoutMs = positiveMs(options.actionTimeoutMs, 10_000, 'actionTimeoutMs');
    this.#confirmTimeoutMs = positiveMs(options.confirmTimeoutMs, 5_000, 'confirmTimeoutMs');
    this.#log = options.logger === false ? silentLogger : (options.logger ?? consoleLogger);
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
    return this.#session;
  }

  /** Why the last subscribe/unsubscribe/order returned false or null (also logged). */
  get lastFailure(): string | undefined {
    return this.#lastFailure;
  }

  #requireSession(): SessionHandle {
    if (!this.#session)
      throw new ControllerError('no_session', 'No session: call startSession() first (or it was closed)');
    return this.#session;
  }

  #fail(reason: string): false {
    this.#lastFailure = reason;
    this.#log.warn(reason);
    return false;
  }

  #script<T>(script: string, ...extra: unknown[]): Promise<T> {
    return this.#requireSession().executeJs<T>(script, this.selectors, ...extra);
  }

  #act(action: 'click' | 'fill' | 'select', name: SelectorName, value?: string, selector?: string) {
    const session = this.#requireSession();
    const target = selector ?? this.selectors[name];
    const options = { timeoutMs: this.#actionTimeoutMs };
    if (action === 'click') return session.click(target, options);
    if (action === 'fill') return session.fill(target, value ?? '', options);
    return session.select(target, value ?? '', options);
  }

  /** Polls `check` until it returns something other than undefined, or `timeoutMs` passes (→ undefined). */
  async #poll<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() >= deadline) return undefined;
      await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
    }
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
    this.#session = session;
    if ((options.autoNavigate ?? true) && !this.isMarketBridgeUrl(session.info.currentUrl)) {
      await this.navigateToMarketBridge();
    } else {
      this.#log.info(`Session "${name}" is at ${session.info.currentUrl}`);
    }
    return session;
  }

  /** Opens MarketBridge (or `url`) in the session's page. */
  async navigateToMarketBridge(url?: string): Promise<NavigateResponse> {
    const target = url === undefined ? this.marketbridgeUrl : checkHttpUrl(url, 'url');
    const result = await this.#requireSession().navigate(target);
    this.#log.info(`Opened ${result.url} (${result.title})`);
    return result;
  }

  /**
   * True once the page has `#app` and a connection-status element (either generation) — and, with
   * `connected: true`, once it is connected to its bridge. False when `timeoutMs` passes first.
   */
  async waitForMarketBridgeReady(
    options: { timeoutMs?: number; connected?: boolean } = {},
  ): Promise<boolean> {
    const timeoutMs = positiveMs(options.timeoutMs, 30_000, 'timeoutMs');
    this.#requireSession();
    let last: { hasApp: boolean; status: ConnectionStatus } | undefined;
    const ready = await this.#poll(async () => {
      const raw = await this.#script<RawStatus>(READ_STATUS).catch(() => undefined);
      if (!raw) return undefined; // e.g. the page is between documents
      last = { hasApp: raw.hasApp, status: connectionStatusFrom(raw) };
      const ok =
        raw.hasApp && last.status.layout !== 'unknown' && (!options.connected || last.status.connected);
      return ok ? true : undefined;
    }, timeoutMs);
    if (ready) return true;
    this.#log.warn(
      `MarketBridge not ready after ${timeoutMs} ms: ${
        !last
          ? 'the page could not be read'
          : !last.hasApp
            ? 'no app root'
            : `status ${JSON.stringify(last.status)}`
      }`,
    );
    return false;
  }

  /** The page's connection to its bridge: its own state when it exposes one, its status texts otherwise. */
  async getConnectionStatus(): Promise<ConnectionStatus> {
    return connectionStatusFrom(await this.#script<RawStatus>(READ_STATUS));
  }

  // ---- subscriptions --------------------------------------------------------------------------------

  /** Every item of the subscriptions list. */
  async listSubscriptions(): Promise<Subscription[]> {
    const items = await this.#script<{ key: string; shown: string }[]>(LIST_SUBSCRIPTIONS);
    return items.map(({ key, shown }) => parseSubscriptionKey(key, shown));
  }

  async #readLog(): Promise<string[]> {
    return this.#script<string[]>(READ_LOG);
  }

  /** Error lines logged since `before` was read. */
  async #newErrors(before: ReadonlySet<string>): Promise<string[]> {
    return (await this.#readLog()).filter((line) => !before.has(line) && ERROR_LINE.test(line));
  }

  /**
   * Subscribes through the page's form and confirms it from the page: true once the item is in the
   * subscriptions list (also when it already was), false — with the reason logged and in `lastFailure` —
   * when the page refuses (not connected, a field it does not offer, an error line) or shows nothing in
   * time. Bad arguments throw ControllerError `invalid_input` before anything reaches the page.
   */
  async subscribeToMarketData(symbol: string, options: SubscribeOptions = {}): Promise<boolean> {
    const request = validateSubscription(symbol, options);
    const timeoutMs = positiveMs(options.timeoutMs, this.#confirmTimeoutMs, 'timeoutMs');
    this.#requireSession();
    const has = (subs: Subscription[]) => subs.some((s) => s.key.toUpperCase() === request.key.toUpperCase());
    if (has(await this.listSubscriptions())) {
      this.#log.info(`Already subscribed to ${request.key}`);
      return true;
    }
    const logBefore = new Set(await this.#readLog());

    await this.#act('select', 'instrumentType', request.instrumentType);
    if (request.futures) {
      const refusal = await this.#fillFutures(request.futures);
      if (refusal) return this.#fail(`Cannot subscribe to ${request.key}: ${refusal}`);
    }
    await this.#act('fill', 'symbol', request.symbol);
    await this.#act('select', 'dataType', request.dataType);
    await this.#act('click', 'subscribeButton');

    const outcome = await this.#poll(async () => {
      if (has(await this.listSubscriptions())) return 'ok';
      const errors = await this.#newErrors(logBefore);
      return errors.length > 0 ? `the page said: ${errors.join(' | ')}` : undefined;
    }, timeoutMs);
    if (outcome === 'ok') {
      this.#log.info(`Subscribed to ${request.key}`);
      return true;
    }
    const status = await this.getConnectionStatus().catch(() => undefined);
    const state = status && !status.connected ? ' (the page is not connected to its bridge)' : '';
    return this.#fail(
      `Subscription to ${request.key} refused: ${outcome ?? `it did not appear within ${timeoutMs} ms`}${state}`,
    );
  }

  /** Sets the futures fields; returns why not when the page cannot take them. */
  async #fillFutures(futures: NonNullable<ReturnType<typeof validateSubscription>['futures']>) {
    const months = await this.#script<string[] | null>(SELECT_OPTIONS, 'contractMonth');
    const exchanges = await this.#script<string[] | null>(SELECT_OPTIONS, 'exchange');
    if (!months || !exchanges) {
      // Older pages have no futures fields: fine for the front month, impossible otherwise.
      if (futures.exchange || futures.contractMonth || futures.lastTradeDate)
        return 'this MarketBridge page has no futures fields (exchange, contract month, last trade date)';
      return undefined;
    }
    const exchange = futures.exchange ?? exchanges[0];
    if (exchange === undefined || !exchanges.includes(exchange))
      return `the page offers no exchange ${futures.exchange} (it has ${exchanges.join(', ')})`;
    if (!months.includes(futures.contractMonth))
      return `the page offers no contract month ${futures.contractMonth} (it has ${months.filter(Boolean).join(', ')})`;
    await this.#act('select', 'exchange', exchange);
    await this.#act('select', 'contractMonth', futures.contractMonth);
    await this.#act('fill', 'lastTradeDate', futures.lastTradeDate);
    return undefined;
  }

  /** Unsubscribes every subscription of `symbol` with its own button; true once they are gone. */
  async unsubscribeFromMarketData(symbol: string, options: { timeoutMs?: number } = {}): Promise<boolean> {
    const normalized = normalizeSymbol(symbol);
    const timeoutMs = positiveMs(options.timeoutMs, this.#confirmTimeoutMs, 'timeoutMs');
    const mine = (subs: Subscription[]) => subs.filter((s) => s.symbol.toUpperCase() === normalized);
    const targets = mine(await this.listSubscriptions());
    if (targets.length === 0) return this.#fail(`Not subscribed to ${normalized}: nothing to unsubscribe`);
    const s = this.selectors;
    for (const { key } of targets) {
      const button = `${s.subscriptionsList} ${s.subscriptionItem}:has(${s.subscriptionCheckbox}[value="${cssString(key)}"]) ${s.subscriptionUnsubscribe}`;
      await this.#act('click', 'subscriptionUnsubscribe', undefined, button);
    }
    const gone = await this.#poll(
      async () => (mine(await this.listSubscriptions()).length === 0 ? true : undefined),
      timeoutMs,
    );
    if (!gone) return this.#fail(`Unsubscribing ${normalized}: still listed after ${timeoutMs} ms`);
    this.#log.info(`Unsubscribed from ${targets.map((t) => t.key).join(', ')}`);
    return true;
  }

  // ---- market data ----------------------------------------------------------------------------------

  /** The symbol's grid row parsed into numbers (null for `-`), or null when the grid has no row for it. */
  async getMarketData(symbol: string): Promise<MarketData | null> {
    const normalized = normalizeSymbol(symbol);
    const cells = await this.#script<string[] | null>(READ_ROW, normalized);
    return cells ? parseMarketDataRow(normalized, cells) : null;
  }

  /** Waits until the symbol's row has a price (last, bid or ask); null when `timeoutMs` (15000) passes first. */
  async waitForMarketData(symbol: string, options: { timeoutMs?: number } = {}): Promise<MarketData | null> {
    const normalized = normalizeSymbol(symbol);
    const timeoutMs = positiveMs(options.timeoutMs, 15_000, 'timeoutMs');
    const data = await this.#poll(async () => {
      const row = await this.getMarketData(normalized);
      return row && (row.last ?? row.bid ?? row.ask) !== null ? row : undefined;
    }, timeoutMs);
    if (!data) this.#log.warn(`No market data for ${normalized} within ${timeoutMs} ms`);
    return data ?? null;
  }

  // ---- orders -------------------------------------------------------------------------------------

  /** Every item of the orders list, parsed. */
  async getOrders(): Promise<Order[]> {
    const raw = await this.#script<RawOrder[]>(LIST_ORDERS);
    return raw.map((o) => ({
      orderId: parseNumber(o.id?.replace(/^#/, '')),
      symbol: o.symbol,
      action: o.action,
      quantity: parseNumber(o.quantity),
      orderType: o.orderType,
      price: parseNumber(o.price),
      status: o.status,
      text: o.text,
    }));
  }

  /**
   * Places an order through the page's order form and returns it as the orders list shows it; null —
   * reason logged and in `lastFailure` — when the page refuses it. Validated first: LMT and STP need a
   * price, MKT takes none; bad input throws ControllerError `invalid_input` before touching the page.
   */
  async placeOrder(input: OrderInput): Promise<Order | null> {
    const order = validateOrder(input);
    const timeoutMs = positiveMs(input.timeoutMs, this.#confirmTimeoutMs, 'timeoutMs');
    this.#requireSession();
    const before = await this.getOrders();
    const logBefore = new Set(await this.#readLog());
    await this.#act('select', 'orderType', order.orderType);
    await this.#act('fill', 'orderSymbol', order.symbol);
    await this.#act('select', 'orderAction', order.action);
    await this.#act('fill', 'orderQuantity', String(order.quantity));
    if (order.price !== undefined) await this.#act('fill', 'orderPrice', String(order.price));
    await this.#act('click', 'placeOrderButton');

    const outcome = await this.#poll(async () => {
      const orders = await this.getOrders();
      if (orders.length > before.length) return orders[orders.length - 1];
      const errors = await this.#newErrors(logBefore);
      return errors.length > 0 ? `the page said: ${errors.join(' | ')}` : undefined;
    }, timeoutMs);
    const what = `${order.action} ${order.quantity} ${order.symbol} ${order.orderType}${order.price !== undefined ? ` @ ${order.price}` : ''}`;
    if (outcome !== undefined && typeof outcome === 'object') {
      this.#log.info(`Order placed: ${what} (${outcome.text})`);
      return outcome;
    }
    this.#fail(`Order ${what} refused: ${outcome ?? `it did not appear within ${timeoutMs} ms`}`);
    return null;
  }

  // ---- screenshots --------------------------------------------------------------------------------

  /** A full-page PNG `debug_<label>_<timestamp>.png` in the screenshots directory; returns its path. */
  async takeDebugScreenshot(label = 'debug'): Promise<string> {
    const session = this.#requireSession();
    const path = debugScreenshotPath(this.screenshotsDir, label);
    const bytes = await session.screenshot(undefined, { fullPage: true, type: 'png' });
    await mkdir(this.screenshotsDir, { recursive: true });
    await writeFile(path, bytes);
    this.#log.info(`Screenshot saved: ${path}`);
    return path;
  }

  // ---- lifetime -----------------------------------------------------------------------------------

  /** Lets go of the session without deleting it (it stays on the server for the next run). */
  async close(): Promise<void> {
    this.#session = undefined;
    if (this.#ownsClient) await this.client.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
