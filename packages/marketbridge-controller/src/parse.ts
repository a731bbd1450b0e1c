import { DATA_TYPES, INSTRUMENT_TYPES } from './validation.js';

/** A market data grid row, parsed. Numbers are null where the page shows `-` (not known yet). */
export interface MarketData {
  symbol: string;
  last: number | null;
  bid: number | null;
  ask: number | null;
  bidSize: number | null;
  askSize: number | null;
  change: number | null;
  volume: number | null;
  /** The Time cell as shown (e.g. `14:22:35`), or null. */
  time: string | null;
  /** The cells' texts as shown, in order. */
  cells: string[];
}

const UNKNOWN = new Set(['', '-', '—', '–', 'n/a', 'na', '--']);
const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9 };

/** `900,446` → 900446, `+1.25` → 1.25, `$12.50` → 12.5, `1.2K` → 1200, `-` → null. */
export function parseNumber(text: string | null | undefined): number | null {
  const cleaned = (text ?? '').trim().toLowerCase();
  if (UNKNOWN.has(cleaned)) return null;
  const match = /^([+-]?)\$?\s*([\d,]*\.?\d+)\s*([kmb])?\s*%?$/.exec(cleaned.replace(/\s+/g, ' '));
  if (!match) return null;
  const value =
    Number((match[2] as string).replace(/,/g, '')) * (match[3] ? (SUFFIX[match[3]] as number) : 1);
  if (!Number.isFinite(value)) return null;
  return match[1] === '-' ? -value : value;
}

/** Cells in the contract's order: Symbol, Last, Bid, Ask, Bid Size, Ask Size, Change, Volume, Time. */
export function parseMarketDataRow(symbol: string, cells: string[]): MarketData {
  const cell = (i: number) => (cells[i] ?? '').trim();
  const time = cell(8);
  return {
    symbol,
    last: parseNumber(cell(1)),
    bid: parseNumber(cell(2)),
    ask: parseNumber(cell(3)),
    bidSize: parseNumber(cell(4)),
    askSize: parseNumber(cell(5)),
    change: parseNumber(cell(6)),
    volume: parseNumber(cell(7)),
    time: UNKNOWN.has(time.toLowerCase()) ? null : time,
    cells: cells.map((c) => c.trim()),
  };
}

/** One item of the subscriptions list. */
export interface Subscription {
  /** The checkbox value, `SYMBOL_instrument_datatype`. */
  key: string;
  symbol: string;
  /** null when the key does not have the contract's shape. */
  instrumentType: string | null;
  dataType: string | null;
}

const KEY = new RegExp(`^(.+)_(${INSTRUMENT_TYPES.join('|')})_(${DATA_TYPES.join('|')})$`);

/** `AAPL_stock_market_data` → its parts (the data type itself may contain `_`). */
export function parseSubscriptionKey(key: string, shownSymbol = ''): Subscription {
  const match = KEY.exec(key);
  if (match)
    return {
      key,
      symbol: match[1] as string,
      instrumentType: match[2] as string,
      dataType: match[3] as string,
    };
  return { key, symbol: shownSymbol.trim() || key, instrumentType: null, dataType: null };
}
