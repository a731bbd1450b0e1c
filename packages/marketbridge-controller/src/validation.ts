import { ControllerError } from './errors.js';

export const INSTRUMENT_TYPES = ['stock', 'option', 'future', 'forex', 'index', 'crypto'] as const;
export const DATA_TYPES = ['market_data', 'time_and_sales', 'bid_ask'] as const;
export const FUTURES_EXCHANGES = ['CME', 'NYMEX', 'COMEX', 'CBOT', 'ICE', 'EUREX'] as const;
export const ORDER_ACTIONS = ['BUY', 'SELL'] as const;
export const ORDER_TYPES = ['MKT', 'LMT', 'STP'] as const;

export type InstrumentType = (typeof INSTRUMENT_TYPES)[number];
export type DataType = (typeof DATA_TYPES)[number];
export type FuturesExchange = (typeof FUTURES_EXCHANGES)[number];
export type OrderAction = (typeof ORDER_ACTIONS)[number];
export type OrderType = (typeof ORDER_TYPES)[number];

/** Upper-case letters and digits, then up to 23 more of those or `.`, `/`, `-` (BRK.B, EUR.USD, ES). */
export const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9./-]{0,23}$/;
/** Month letter (F G H J K M N Q U V X Z) and a two-digit year: `H27` is March 2027. */
export const CONTRACT_MONTH_PATTERN = /^[FGHJKMNQUVXZ]\d{2}$/;

const invalid = (message: string) => new ControllerError('invalid_input', message);
const show = (value: unknown) => (typeof value === 'string' ? `"${value}"` : String(value));

function oneOf<T extends string>(
  what: string,
  value: unknown,
  allowed: readonly T[],
  fold: 'lower' | 'upper',
): T {
  const folded =
    typeof value === 'string' ? (fold === 'lower' ? value.toLowerCase() : value.toUpperCase()) : value;
  if (!allowed.includes(folded as T))
    throw invalid(`${what} must be one of ${allowed.join(', ')}; got ${show(value)}`);
  return folded as T;
}

/** The symbol trimmed and upper-cased, or ControllerError `invalid_input`. */
export function normalizeSymbol(symbol: unknown): string {
  const normalized = typeof symbol === 'string' ? symbol.trim().toUpperCase() : '';
  if (!SYMBOL_PATTERN.test(normalized))
    throw invalid(
      `symbol must be 1-24 letters, digits, ".", "/" or "-", starting with a letter or digit; got ${show(symbol)}`,
    );
  return normalized;
}

/** A real calendar date written YYYYMMDD. */
function isDate(text: string): boolean {
  if (!/^\d{8}$/.test(text)) return false;
  const [y, m, d] = [text.slice(0, 4), text.slice(4, 6), text.slice(6, 8)].map(Number) as [
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export interface SubscribeOptions {
  /** Default `stock`. */
  instrumentType?: InstrumentType;
  /** Default `market_data`. */
  dataType?: DataType;
  /** Futures only: CME, NYMEX, COMEX, CBOT, ICE or EUREX (default: the page's first). */
  exchange?: FuturesExchange;
  /** Futures only: e.g. `H27`; omitted or `''` means the front month. */
  contractMonth?: string;
  /** Futures only: `YYYYMMDD`. */
  lastTradeDate?: string;
  /** How long to wait for the page to show (or refuse) the subscription, ms (default: the controller's). */
  timeoutMs?: number;
}

export interface SubscriptionRequest {
  symbol: string;
  instrumentType: InstrumentType;
  dataType: DataType;
  /** The page's key for it: `SYMBOL_instrument_datatype`. */
  key: string;
  futures?: { exchange?: FuturesExchange; contractMonth: string; lastTradeDate: string };
}

/** Checks and normalises a subscription, throwing ControllerError `invalid_input` before anything is sent. */
export function validateSubscription(symbol: unknown, options: SubscribeOptions = {}): SubscriptionRequest {
  const normalized = normalizeSymbol(symbol);
  const instrumentType = oneOf(
    'instrumentType',
    options.instrumentType ?? 'stock',
    INSTRUMENT_TYPES,
    'lower',
  );
  const dataType = oneOf('dataType', options.dataType ?? 'market_data', DATA_TYPES, 'lower');
  const request: SubscriptionRequest = {
    symbol: normalized,
    instrumentType,
    dataType,
    key: `${normalized}_${instrumentType}_${dataType}`,
  };
  const { exchange, contractMonth, lastTradeDate } = options;
  const given = { exchange, contractMonth, lastTradeDate };
  if (instrumentType !== 'future') {
    const extra = Object.entries(given).filter(([, v]) => v !== undefined);
    if (extra.length > 0)
      throw invalid(`${extra.map(([k]) => k).join(', ')} apply to futures only (instrumentType "future")`);
    return request;
  }
  const month = contractMonth === undefined ? '' : String(contractMonth).trim().toUpperCase();
  if (month !== '' && !CONTRACT_MONTH_PATTERN.test(month))
    throw invalid(
      `contractMonth must be a month letter and a 2-digit year such as H27; got ${show(contractMonth)}`,
    );
  const date = lastTradeDate === undefined ? '' : String(lastTradeDate).trim();
  if (date !== '' && !isDate(date))
    throw invalid(`lastTradeDate must be a date written YYYYMMDD; got ${show(lastTradeDate)}`);
  request.futures = {
    ...(exchange !== undefined ? { exchange: oneOf('exchange', exchange, FUTURES_EXCHANGES, 'upper') } : {}),
    contractMonth: month,
    lastTradeDate: date,
  };
  return request;
}

export interface OrderInput {
  symbol: string;
  action: OrderAction;
  quantity: number;
  orderType: OrderType;
  /** Required for LMT and STP; not allowed for MKT. */
  price?: number;
  /** How long to wait for the order to show (or be refused), ms (default: the controller's). */
  timeoutMs?: number;
}

export interface OrderRequest {
  symbol: string;
  action: OrderAction;
  quantity: number;
  orderType: OrderType;
  price?: number;
}

/** Checks and normalises an order, throwing ControllerError `invalid_input` before anything is sent. */
export function validateOrder(input: OrderInput): OrderRequest {
  if (!input || typeof input !== 'object')
    throw invalid('placeOrder needs { symbol, action, quantity, orderType }');
  const symbol = normalizeSymbol(input.symbol);
  const action = oneOf('action', input.action, ORDER_ACTIONS, 'upper');
  const orderType = oneOf('orderType', input.orderType, ORDER_TYPES, 'upper');
  const { quantity, price } = input;
  if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity <= 0)
    throw invalid(`quantity must be a whole number above 0; got ${show(quantity)}`);
  if (orderType === 'MKT') {
    if (price !== undefined) throw invalid('a market order (MKT) takes no price; use LMT or STP for a price');
    return { symbol, action, quantity, orderType };
  }
  if (price === undefined)
    throw invalid(`a ${orderType === 'LMT' ? 'limit' : 'stop'} order (${orderType}) needs a price`);
  if (typeof price !== 'number' || !Number.isFinite(price) || price <= 0)
    throw invalid(`price must be a number above 0; got ${show(price)}`);
  return { symbol, action, quantity, orderType, price };
}
