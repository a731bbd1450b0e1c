import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromium } from '../test-fixtures/chromium.js';
import { startDemoMarketBridge } from './demo-server.js';

const chrome = useChromium();

const pageState = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as {
      wsClient?: { isConnected: boolean };
      app?: { getConnectionStatus(): { connected: boolean; connecting: boolean; reconnectAttempts: number } };
    };
    // Without the app's own object, window.app is the #app element (a named global): check for the method.
    const status = typeof w.app?.getConnectionStatus === 'function' ? w.app.getConnectionStatus() : undefined;
    return { isConnected: w.wsClient?.isConnected, status };
  });
const connected = (page: Page) =>
  page.waitForFunction(
    () => (window as unknown as { wsClient: { isConnected: boolean } }).wsClient.isConnected,
  );
const rowCells = (page: Page, symbol: string) =>
  page.$$eval(`#market-data-grid tr[data-symbol="${symbol}"] td`, (cells) => cells.map((c) => c.textContent));
const subscriptionKeys = (page: Page) =>
  page.$$eval('#subscriptions-list .subscription-item input[type="checkbox"]', (boxes) =>
    boxes.map((b) => (b as HTMLInputElement).value),
  );
const logText = (page: Page) => page.textContent('#message-log');

async function subscribe(page: Page, symbol: string, instrument = 'stock', dataType = 'market_data') {
  await page.selectOption('#instrument-type', instrument);
  await page.fill('#symbol', symbol);
  await page.selectOption('#data-type', dataType);
  await page.click('#subscribe-btn');
}

const PRICE = /^\d+\.\d{2}$/;
const SIZE = /^\d{1,3}(,\d{3})*$/;

describe('demo page, newer layout', () => {
  it('connects, shows both badges, and exposes the page state', async () => {
    await using demo = await startDemoMarketBridge();
    const page = await chrome.newPage();
    await page.goto(demo.url);
    await connected(page);
    expect(await pageState(page)).toEqual({
      isConnected: true,
      status: { connected: true, connecting: false, reconnectAttempts: 0 },
    });
    await expect.poll(() => page.textContent('#ib-status-text')).toBe('IB: Connected');
    expect(await page.textContent('#ws-status-text')).toBe('WebSocket: Connected');
    expect(await page.$('#status-text')).toBeNull();
    expect(demo.connectionCount).toBe(1);
  });

  it('subscribes through the form, streams ticks into the grid, and refuses duplicates', async () => {
    await using demo = await startDemoMarketBridge({ tickIntervalMs: 100 });
    const page = await chrome.newPage();
    await page.goto(demo.url);
    await connected(page);
    await subscribe(page, 'aapl');
    expect(await subscriptionKeys(page)).toEqual(['AAPL_stock_market_data']);
    expect(await page.textContent('.subscription-item .subscription-symbol')).toBe('AAPL');
    expect(await page.$('.subscription-item .btn-unsubscribe')).not.toBeNull();
    await expect
      .poll(() => demo.received.at(-1))
      .toMatchObject({
        type: 'subscribe_market_data',
        data: { symbol: 'AAPL', instrument_type: 'stock', exchange: 'SMART', currency: 'USD' },
      });

    // A few ticks later every cell has a value in the contract's format.
    await expect
      .poll(async () => (await rowCells(page, 'AAPL')).every((c) => c !== '-'), { timeout: 30_000 })
      .toBe(true);
    const [symbol, last, bid, ask, bidSize, askSize, change, volume, time] = await rowCells(page, 'AAPL');
    expect(symbol).toBe('AAPL');
    for (const price of [last, bid, ask]) expect(price).toMatch(PRICE);
    for (const size of [bidSize, askSize, volume]) expect(size).toMatch(SIZE);
    expect(change).toMatch(/^[+-]?\d+\.\d{2}$/);
    expect(time).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    const firstLast = last;
    await expect.poll(async () => (await rowCells(page, 'AAPL'))[1], { timeout: 30_000 }).not.toBe(firstLast);

    const sent = demo.received.length;
    await subscribe(page, 'AAPL');
    expect(await subscriptionKeys(page)).toEqual(['AAPL_stock_market_data']);
    expect(await page.textContent('#message-log .log-error:last-child')).toContain(
      'Already subscribed to AAPL_stock_market_data',
    );
    await page.waitForTimeout(200); // anything sent would have reached the bridge by now
    expect(demo.received.slice(sent).map((c) => c.type)).toEqual([]);

    // Another data type for the same symbol is its own subscription and shares the row.
    await subscribe(page, 'AAPL', 'stock', 'bid_ask');
    expect(await subscriptionKeys(page)).toEqual(['AAPL_stock_market_data', 'AAPL_stock_bid_ask']);
    expect(await page.$$('#market-data-grid tr[data-symbol]')).toHaveLength(1);
  });

  it('shows the futures fields for futures only and sends them', async () => {
    await using demo = await startDemoMarketBridge();
    const page = await chrome.newPage();
    await page.goto(demo.url);
    await connected(page);
    expect(await page.isVisible('#futures-details')).toBe(false);
    await page.selectOption('#instrument-type', 'future');
    expect(await page.isVisible('#futures-details')).toBe(true);
    const exchanges = await page.$$eval('#exchange option', (o) =>
      o.map((x) => (x as HTMLOptionElement).value),
    );
    expect(exchanges).toEqual(['CME', 'NYMEX', 'COMEX', 'CBOT', 'ICE', 'EUREX']);
    const months = await page.$$eval('#contract-month option', (o) =>
      o.map((x) => (x as HTMLOptionElement).value),
    );
    expect(months[0]).toBe('');
    for (const code of months.slice(1)) expect(code).toMatch(/^[FGHJKMNQUVXZ]\d{2}$/);

    await page.fill('#symbol', 'ES');
    await page.selectOption('#exchange', 'CME');
    await page.selectOption('#contract-month', months[3] as string);
    await page.fill('#last-trade-date', '20270319');
    await page.click('#subscribe-btn');
    expect(await subscriptionKeys(page)).toEqual(['ES_future_market_data']);
    await expect
      .poll(() => demo.received.at(-1))
      .toMatchObject({
        type: 'subscribe_market_data',
        data: {
          symbol: 'ES',
          instrument_type: 'future',
          exchange: 'CME',
          contract_month: months[3],
          last_trade_date: '20270319',
        },
      });

    await page.fill('#symbol', 'NQ');
    await page.fill('#last-trade-date', '2027-03');
    await page.click('#subscribe-btn');
    expect(await subscriptionKeys(page)).toEqual(['ES_future_market_data']);
    expect(await logText(page)).toContain('Last trade date must be YYYYMMDD');
  });

  it('unsubscribes by button and by checked items, removing the grid row with the last one', async () => {
    await using demo = await startDemoMarketBridge({ tickIntervalMs: 100 });
    const page = await chrome.newPage();
    await page.goto(demo.url);
    await connected(page);
    await subscribe(page, 'AAPL');
    await subscribe(page, 'MSFT');
    await subscribe(page, 'MSFT', 'stock', 'time_and_sales');
    await page.click('.subscription-item:has(input[value="AAPL_stock_market_data"]) .btn-unsubscribe');
    expect(await subscriptionKeys(page)).toEqual(['MSFT_stock_market_data', 'MSFT_stock_time_and_sales']);
    expect(await page.$('#market-data-grid tr[data-symbol="AAPL"]')).toBeNull();
    await expect
      .poll(() => demo.received.at(-1))
      .toMatchObject({ type: 'unsubscribe_market_data', data: { symbol: 'AAPL' } });

    await page.check('input[value="MSFT_stock_market_data"]');
    await page.click('#unsubscribe-btn');
    expect(await subscriptionKeys(page)).toEqual(['MSFT_stock_time_and_sales']);
    expect(await page.$('#market-data-grid tr[data-symbol="MSFT"]')).not.toBeNull();
    await page.check('input[value="MSFT_stock_time_and_sales"]');
    await page.click('#unsubscribe-btn');
    expect(await subscriptionKeys(page)).toEqual([]);
    expect(await page.$$('#market-data-grid tr[data-symbol]')).toHaveLength(0);
  });

  it('places orders: market orders fill, limit orders need a price, cancels work', async () => {
    await using demo = await startDemoMarketBridge({ tickIntervalMs: 100, seed: 3 });
    const page = await chrome.newPage();
    await page.goto(demo.url);
    await connected(page);
    expect(await page.isVisible('#order-price')).toBe(false);
    await page.fill('#order-symbol', 'AAPL');
    await page.fill('#order-quantity', '10');
    await page.click('#place-order-btn');
    await expect.poll(() => page.textContent('.order-item[data-order-id="1"] .order-status')).toBe('Filled');
    await expect
      .poll(() => demo.received.at(-1))
      .toMatchObject({
        type: 'place_order',
        data: { order_id: 1, symbol: 'AAPL', action: 'BUY', quantity: 10, order_type: 'MKT' },
      });

    await page.selectOption('#order-type', 'LMT');
    expect(await page.isVisible('#order-price')).toBe(true);
    await page.click('#place-order-btn');
    expect(await page.$$('.order-item')).toHaveLength(1);
    expect(await logText(page)).toContain('LMT needs a price');

    // A buy limit far below the market rests until cancelled.
    await page.selectOption('#order-action', 'SELL');
    await page.selectOption('#order-type', 'LMT');
    await page.fill('#order-price', '100000');
    await page.click('#place-order-btn');
    const resting = '.order-item[data-order-id="2"]';
    await expect.poll(() => page.textContent(`${resting} .order-status`)).toBe('Submitted');
    expect(await page.textContent(`${resting} .order-price`)).toBe('100000.00');
    await page.click(`${resting} .btn-cancel-order`);
    await expect.poll(() => page.textContent(`${resting} .order-status`)).toBe('Cancelled');
    expect(demo.orders.map((o) => [o.orderId, o.status])).toEqual([
      [1, 'Filled'],
      [2, 'Cancelled'],
    ]);
  });

  it('goes disconnected with the bridge, refuses to subscribe, and reconnects and resubscribes when it is back', async () => {
    await using demo = await startDemoMarketBridge({ tickIntervalMs: 100, reconnectDelayMs: 200 });
    const page = await chrome.newPage();
    await page.goto(demo.url);
    await connected(page);
    await subscribe(page, 'AAPL');
    await demo.setBridge('down');
    await expect
      .poll(() => page.textContent('#ws-status-text'))
      .toMatch(/^WebSocket: (Disconnected|Connecting\.\.\.|Connection Failed)$/);
    expect((await pageState(page)).isConnected).toBe(false);
    expect(await page.textContent('#ib-status-text')).toBe('IB: Not Connected');
    await expect.poll(async () => (await pageState(page)).status?.reconnectAttempts).toBeGreaterThan(1);

    await subscribe(page, 'MSFT');
    expect(await subscriptionKeys(page)).toEqual(['AAPL_stock_market_data']);
    expect(await logText(page)).toContain('Cannot subscribe to MSFT: not connected to the bridge');

    const sent = demo.received.length;
    await demo.setBridge('up');
    await connected(page);
    await expect.poll(() => page.textContent('#ws-status-text')).toBe('WebSocket: Connected');
    await expect.poll(() => demo.received.slice(sent).map((c) => c.type)).toContain('subscribe_market_data');
    const before = (await rowCells(page, 'AAPL'))[8];
    await expect.poll(async () => (await rowCells(page, 'AAPL'))[8], { timeout: 30_000 }).not.toBe(before);
  });
});

describe('demo page, older layout', () => {
  it('uses #status-indicator and #status-text and has no futures fields', async () => {
    await using demo = await startDemoMarketBridge({ layout: 'older', tickIntervalMs: 100 });
    const page = await chrome.newPage();
    await page.goto(demo.url);
    await connected(page);
    await expect.poll(() => page.textContent('#status-text')).toBe('Connected');
    expect(await page.getAttribute('#status-indicator', 'class')).toBe('status-indicator connected');
    expect(await page.$('#ws-status-text')).toBeNull();
    expect(await page.$('#futures-details')).toBeNull();
    await subscribe(page, 'ES', 'future');
    expect(await subscriptionKeys(page)).toEqual(['ES_future_market_data']);
    await expect
      .poll(() => demo.received.at(-1)?.data)
      .toEqual({
        symbol: 'ES',
        instrument_type: 'future',
        exchange: 'SMART',
        currency: 'USD',
      });
    await expect.poll(async () => (await rowCells(page, 'ES'))[1]).toMatch(PRICE);
  });

  it('reads Connection Failed when the bridge was never reachable, then Connected', async () => {
    await using demo = await startDemoMarketBridge({
      layout: 'older',
      bridge: 'down',
      reconnectDelayMs: 200,
    });
    const page = await chrome.newPage();
    await page.goto(demo.url);
    await expect
      .poll(() => page.textContent('#status-text'))
      .toMatch(/^(Connection Failed|Connecting\.\.\.)$/);
    await expect.poll(() => page.getAttribute('#status-indicator', 'class')).toMatch(/failed|connecting/);
    await demo.setBridge('up');
    await expect.poll(() => page.textContent('#status-text')).toBe('Connected');
  });

  it('can leave the status text stale or hide the page state, as some real versions do', async () => {
    await using stale = await startDemoMarketBridge({ layout: 'older', statusTextStuck: true });
    const page = await chrome.newPage();
    await page.goto(stale.url);
    await connected(page);
    expect(await page.textContent('#status-text')).toBe('Disconnected');

    await using hidden = await startDemoMarketBridge({ exposePageState: false });
    const other = await chrome.newPage();
    await other.goto(hidden.url);
    await expect.poll(() => other.textContent('#ws-status-text')).toBe('WebSocket: Connected');
    expect(await pageState(other)).toEqual({ isConnected: undefined, status: undefined });
  });
});
