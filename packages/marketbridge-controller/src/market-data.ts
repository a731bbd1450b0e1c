import type { ControllerPage } from './controller-page.js';
import { positiveMs } from './controller-page.js';
import { READ_ROW } from './page-scripts.js';
import { type MarketData, parseMarketDataRow } from './parse.js';
import { normalizeSymbol } from './validation.js';

/** The symbol's grid row parsed into numbers (null for `-`), or null when the grid has no row for it. */
export async function getMarketData(page: ControllerPage, symbol: string): Promise<MarketData | null> {
  const normalized = normalizeSymbol(symbol);
  const cells = await page.script<string[] | null>(READ_ROW, normalized);
  return cells ? parseMarketDataRow(normalized, cells) : null;
}

/** Waits until the symbol's row has a price (last, bid or ask); null when `timeoutMs` (15000) passes first. */
export async function waitForMarketData(
  page: ControllerPage,
  symbol: string,
  options: { timeoutMs?: number },
): Promise<MarketData | null> {
  const normalized = normalizeSymbol(symbol);
  const timeoutMs = positiveMs(options.timeoutMs, 15_000, 'timeoutMs');
  const data = await page.poll(async () => {
    const row = await getMarketData(page, normalized);
    return row && (row.last ?? row.bid ?? row.ask) !== null ? row : undefined;
  }, timeoutMs);
  if (!data) page.log.warn(`No market data for ${normalized} within ${timeoutMs} ms`);
  return data ?? null;
}
