import { readFileSync } from 'node:fs';

export type DemoLayout = 'newer' | 'older';

/** What the page script reads from `#demo-config`. */
export interface PageConfig {
  layout: DemoLayout;
  /** Where the page's WebSocket connects; null means `ws://<page host>/ws`. */
  wsUrl: string | null;
  reconnectDelayMs: number;
  /** Expose `window.wsClient` and `window.app` (the real app does). */
  exposeState: boolean;
  /** Never update the status texts after load (some real versions read "Disconnected" while connected). */
  statusTextStuck: boolean;
}

const MONTH_CODES = 'FGHJKMNQUVXZ';
const MONTH_NAMES = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const instrumentTypes = ['stock', 'option', 'future', 'forex', 'index', 'crypto'];
const dataTypes = { market_data: 'Market data', time_and_sales: 'Time & sales', bid_ask: 'Bid/ask' };
const exchanges = ['CME', 'NYMEX', 'COMEX', 'CBOT', 'ICE', 'EUREX'];
const gridColumns = ['Symbol', 'Last', 'Bid', 'Ask', 'Bid Size', 'Ask Size', 'Change', 'Volume', 'Time'];

/** Contract month codes (`H27` = March 2027) for this month and the next `count - 1`. */
export function contractMonths(from = new Date(), count = 24): { code: string; label: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const month = (from.getUTCMonth() + i) % 12;
    const year = from.getUTCFullYear() + Math.floor((from.getUTCMonth() + i) / 12);
    return {
      code: `${MONTH_CODES[month]}${String(year % 100).padStart(2, '0')}`,
      label: `${MONTH_NAMES[month]} ${year}`,
    };
  });
}

const options = (values: string[] | Record<string, string>) =>
  (Array.isArray(values) ? values.map((v) => [v, v]) : Object.entries(values))
    .map(([value, label]) => `<option value="${value}">${label}</option>`)
    .join('');

function statusMarkup(layout: DemoLayout): string {
  if (layout === 'older')
    return `<div class="connection-status">
      <span id="status-indicator" class="status-indicator disconnected"></span>
      <span id="status-text">Disconnected</span>
    </div>`;
  return `<div class="status-badges">
      <span id="ws-status" class="badge badge-off"><span id="ws-status-text">WebSocket: Disconnected</span></span>
      <span id="ib-status" class="badge badge-off"><span id="ib-status-text">IB: Not Connected</span></span>
    </div>`;
}

function futuresMarkup(layout: DemoLayout): string {
  if (layout === 'older') return '';
  const months = contractMonths().map(
    ({ code, label }) => `<option value="${code}">${code} (${label})</option>`,
  );
  return `<fieldset id="futures-details" hidden>
        <legend>Futures</legend>
        <label>Exchange <select id="exchange">${options(exchanges)}</select></label>
        <label>Contract month <select id="contract-month"><option value="">Front month</option>${months.join('')}</select></label>
        <label>Last trade date <input id="last-trade-date" type="text" placeholder="YYYYMMDD" maxlength="8"></label>
      </fieldset>`;
}

/** The whole page: the MarketBridge DOM contract of DESIGN.md in the requested layout. */
export function renderPage(config: PageConfig): string {
  // JSON inside <script>: escape "<" so no value can close the element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>MarketBridge (demo)</title>
  <link rel="stylesheet" href="/app.css">
</head>
<body>
<div id="app" data-layout="${config.layout}">
  <header>
    <h1>MarketBridge <small>demo</small></h1>
    ${statusMarkup(config.layout)}
  </header>
  <main>
    <section class="panel">
      <h2>Subscribe</h2>
      <form id="subscription-form" autocomplete="off">
        <label>Symbol <input id="symbol" type="text" placeholder="AAPL"></label>
        <label>Instrument <select id="instrument-type">${options(instrumentTypes)}</select></label>
        <label>Data <select id="data-type">${options(dataTypes)}</select></label>
        ${futuresMarkup(config.layout)}
        <button id="subscribe-btn" type="submit">Subscribe</button>
        <button id="unsubscribe-btn" type="button">Unsubscribe selected</button>
      </form>
      <h3>Subscriptions</h3>
      <div id="subscriptions-list"></div>
    </section>
    <section class="panel wide">
      <h2>Market data</h2>
      <table id="market-data-grid">
        <thead><tr>${gridColumns.map((c) => `<th>${c}</th>`).join('')}</tr></thead>
        <tbody></tbody>
      </table>
    </section>
    <section class="panel">
      <h2>Orders</h2>
      <form id="order-form" autocomplete="off">
        <label>Symbol <input id="order-symbol" type="text" placeholder="AAPL"></label>
        <label>Action <select id="order-action">${options(['BUY', 'SELL'])}</select></label>
        <label>Quantity <input id="order-quantity" type="number" min="1" step="1" value="100"></label>
        <label>Type <select id="order-type">${options({ MKT: 'Market', LMT: 'Limit', STP: 'Stop' })}</select></label>
        <label id="order-price-group" hidden>Price <input id="order-price" type="number" min="0" step="0.01"></label>
        <button id="place-order-btn" type="submit">Place order</button>
      </form>
      <div id="orders-list"></div>
    </section>
    <section class="panel wide">
      <h2>Messages</h2>
      <div id="message-log"></div>
    </section>
  </main>
</div>
<script id="demo-config" type="application/json">${json}</script>
<script src="/app.js"></script>
</body>
</html>
`;
}

/** The page's static files (read once; beside this module in src/ and, copied by build:extra, in dist/). */
export const assets: Record<string, { type: string; body: string }> = {
  '/app.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(new URL('./assets/app.js', import.meta.url), 'utf8'),
  },
  '/app.css': {
    type: 'text/css; charset=utf-8',
    body: readFileSync(new URL('./assets/app.css', import.meta.url), 'utf8'),
  },
};
