import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { BrowserClient } from '@marketbridge/client';
import { createServer } from '@marketbridge/server';
import { errorOf } from '@marketbridge/test-helpers';
import { useServer } from '@marketbridge/test-helpers/vitest';
import { describe, expect, it } from 'vitest';
import { BrowserController, type BrowserControllerOptions } from './browser-controller.js';
import { ControllerError } from './errors.js';
import { recordingFetch, useDemo } from './test-fixtures/stack.js';
import { contractMonths, type DemoLayout } from './testing/index.js';

const fx = useServer(createServer);
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe.each(['newer', 'older'] satisfies DemoLayout[])(
  'BrowserController on the %s demo MarketBridge',
  (layout) => {
    const stack = useDemo({ layout });
    const sessionName = `mb-${layout}`;
    const failures: string[] = [];
    const controller = (extra: BrowserControllerOptions = {}) =>
      new BrowserController({
        serverUrl: fx.server.url,
        home: fx.home.dir,
        marketbridgeUrl: stack.demo.url,
        logger: { info: () => undefined, warn: (m) => failures.push(m) },
        ...extra,
      });

    it('starts the session on MarketBridge and waits until the page is connected', async () => {
      await using c = controller();
      const session = await c.startSession(sessionName, { headless: true });
      expect(session.info.currentUrl).toBe(`${stack.demo.url}/`);
      expect(await c.waitForMarketBridgeReady({ connected: true, timeoutMs: 15_000 })).toBe(true);
      expect(await c.getConnectionStatus()).toMatchObject({
        connected: true,
        connecting: false,
        reconnectAttempts: 0,
        source: 'page-state',
        layout,
        ...(layout === 'newer'
          ? { wsStatusText: 'WebSocket: Connected', statusText: null }
          : { statusText: 'Connected', wsStatusText: null, ibConnected: null }),
      });
    });

    it('subscribes to AAPL (stock, market data) through the form, and the ticks parse to numbers', async () => {
      await using c = controller();
      await c.startSession(sessionName);
      expect(
        await c.subscribeToMarketData('AAPL', { instrumentType: 'stock', dataType: 'market_data' }),
      ).toBe(true);
      expect(await c.listSubscriptions()).toEqual([
        { key: 'AAPL_stock_market_data', symbol: 'AAPL', instrumentType: 'stock', dataType: 'market_data' },
      ]);
      // The page adds the item as it sends the command: the bridge may get it a moment later.
      await expect
        .poll(() => stack.demo.received.filter((r) => r.type === 'subscribe_market_data').at(-1)?.data)
        .toMatchObject({
          symbol: 'AAPL',
          instrument_type: 'stock',
        });

      const first = await c.waitForMarketData('AAPL', { timeoutMs: 10_000 });
      expect(first).not.toBeNull();
      await expect
        .poll(async () => (await c.getMarketData('AAPL'))?.volume ?? null, { timeout: 30_000 })
        .toBeGreaterThan(0);
      const data = await c.getMarketData('aapl');
      for (const field of ['last', 'bid', 'ask', 'bidSize', 'askSize', 'change', 'volume'] as const)
        expect(typeof data?.[field], field).toBe('number');
      expect(data?.bid).toBeLessThan(data?.ask as number);
      expect(Number.isInteger(data?.volume)).toBe(true);
      expect(data?.cells[4]).toMatch(/^\d{1,3}(,\d{3})*$/);
      expect(data?.time).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      await expect
        .poll(async () => (await c.getMarketData('AAPL'))?.time, { timeout: 30_000 })
        .not.toBe(data?.time);
      expect(await c.getMarketData('NOPE')).toBeNull();
    });

    it('treats subscribing again as done, without submitting the form twice', async () => {
      await using c = controller();
      await c.startSession(sessionName);
      const sent = stack.demo.received.length;
      expect(await c.subscribeToMarketData('aapl')).toBe(true);
      expect(stack.demo.received.slice(sent).filter((r) => r.type.startsWith('subscribe'))).toEqual([]);
    });

    it('keeps the page of a reused session: a second controller does not navigate', async () => {
      const recorder = recordingFetch();
      const client = new BrowserClient(fx.server.url, { home: fx.home.dir, fetch: recorder.fetch });
      await using c = controller({ client });
      await c.startSession(sessionName);
      expect(recorder.calls).toEqual(['POST /sessions']);
      expect((await c.listSubscriptions()).map((s) => s.key)).toEqual(['AAPL_stock_market_data']);
    });

    it('returns false, with the reason, when subscribing while the bridge is down', async () => {
      await using c = controller();
      await c.startSession(sessionName);
      await stack.demo.setBridge('down');
      try {
        await expect.poll(async () => (await c.getConnectionStatus()).connected).toBe(false);
        expect(await c.waitForMarketBridgeReady({ connected: true, timeoutMs: 500 })).toBe(false);
        expect(await c.subscribeToMarketData('MSFT')).toBe(false);
        // The page's error line is the reason, not the confirmation timeout.
        expect(c.lastFailure).toMatch(/MSFT_stock_market_data refused: the page said: .*not connected/);
        expect(failures.at(-1)).toBe(c.lastFailure);
        expect((await c.listSubscriptions()).map((s) => s.symbol)).toEqual(['AAPL']);
      } finally {
        await stack.demo.setBridge('up');
      }
      expect(await c.waitForMarketBridgeReady({ connected: true, timeoutMs: 10_000 })).toBe(true);
    });

    it('unsubscribes', async () => {
      await using c = controller();
      await c.startSession(sessionName);
      expect(await c.unsubscribeFromMarketData('AAPL')).toBe(true);
      expect(await c.listSubscriptions()).toEqual([]);
      expect(await c.getMarketData('AAPL')).toBeNull();
      await expect
        .poll(() => stack.demo.received.at(-1))
        .toMatchObject({ type: 'unsubscribe_market_data', data: { symbol: 'AAPL' } });
      expect(await c.unsubscribeFromMarketData('AAPL')).toBe(false);
      expect(c.lastFailure).toMatch(/Not subscribed to AAPL/);
    });

    it('rejects a limit order without a price before touching the page, and places valid orders', async () => {
      const recorder = recordingFetch();
      const client = new BrowserClient(fx.server.url, { home: fx.home.dir, fetch: recorder.fetch });
      await using c = controller({ client });
      await c.startSession(sessionName);
      const before = recorder.calls.length;
      const error = await errorOf(
        c.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 100, orderType: 'LMT' }),
      );
      expect(error).toBeInstanceOf(ControllerError);
      expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/needs a price/) });
      expect(recorder.calls.length).toBe(before);
      expect(await c.getOrders()).toEqual([]);

      const limit = await c.placeOrder({
        symbol: 'AAPL',
        action: 'SELL',
        quantity: 100,
        orderType: 'LMT',
        price: 99_999,
      });
      expect(limit).toMatchObject({
        symbol: 'AAPL',
        action: 'SELL',
        quantity: 100,
        orderType: 'LMT',
        price: 99_999,
      });
      expect(limit?.orderId).toEqual(expect.any(Number));
      const market = await c.placeOrder({ symbol: 'MSFT', action: 'BUY', quantity: 5, orderType: 'MKT' });
      expect(market?.orderId).toBe((limit?.orderId as number) + 1);
      await expect
        .poll(async () => (await c.getOrders()).map((o) => [o.symbol, o.status]), { timeout: 30_000 })
        .toEqual([
          ['AAPL', 'Submitted'],
          ['MSFT', 'Filled'],
        ]);
    });

    it('subscribes to futures with their fields where the page has them', async () => {
      await using c = controller();
      await c.startSession(sessionName);
      const month = contractMonths()[2]?.code as string;
      const futures = {
        instrumentType: 'future',
        exchange: 'CME',
        contractMonth: month,
        lastTradeDate: '20270319',
      } as const;
      if (layout === 'newer') {
        expect(await c.subscribeToMarketData('ES', futures)).toBe(true);
        await expect
          .poll(() => stack.demo.received.at(-1)?.data)
          .toMatchObject({
            symbol: 'ES',
            instrument_type: 'future',
            exchange: 'CME',
            contract_month: month,
            last_trade_date: '20270319',
          });
        // The fields do not leak into the next futures subscription: front month, no date.
        expect(await c.subscribeToMarketData('NQ', { instrumentType: 'future' })).toBe(true);
        await expect
          .poll(() => stack.demo.received.at(-1)?.data)
          .toEqual({
            symbol: 'NQ',
            instrument_type: 'future',
            exchange: 'CME',
            currency: 'USD',
          });
        expect(await c.subscribeToMarketData('CL', { instrumentType: 'future', contractMonth: 'F99' })).toBe(
          false,
        );
        expect(c.lastFailure).toMatch(/offers no contract month F99/);
      } else {
        expect(await c.subscribeToMarketData('ES', futures)).toBe(false);
        expect(c.lastFailure).toMatch(/no futures fields/);
        expect(await c.subscribeToMarketData('ES', { instrumentType: 'future' })).toBe(true);
      }
      for (const symbol of ['ES', 'NQ']) await c.unsubscribeFromMarketData(symbol);
      expect(await c.listSubscriptions()).toEqual([]);
    });

    it('writes a full-page PNG debug screenshot with a sanitised name', async () => {
      await using c = controller();
      await c.startSession(sessionName);
      const path = await c.takeDebugScreenshot(`../${layout} layout`);
      expect(dirname(path)).toBe(fx.home.path('screenshots'));
      expect(basename(path)).toMatch(new RegExp(`^debug_${layout}_layout_\\d{8}_\\d{6}_\\d{3}\\.png$`));
      expect([...readFileSync(path).subarray(0, 8)]).toEqual(PNG);
    });
  },
);

describe('BrowserController where the page state and the status texts differ', () => {
  const controller = (url: string) =>
    new BrowserController({
      serverUrl: fx.server.url,
      home: fx.home.dir,
      marketbridgeUrl: url,
      logger: false,
    });

  describe('a badge stuck on Disconnected', () => {
    const stack = useDemo({ layout: 'older', statusTextStuck: true });
    it('believes the page state', async () => {
      await using c = controller(stack.demo.url);
      await c.startSession('mb-stuck-text');
      expect(await c.waitForMarketBridgeReady({ connected: true, timeoutMs: 15_000 })).toBe(true);
      expect(await c.getConnectionStatus()).toMatchObject({
        connected: true,
        source: 'page-state',
        statusText: 'Disconnected',
      });
      expect(await c.subscribeToMarketData('IBM')).toBe(true);
    });
  });

  describe('a page without window.wsClient and window.app', () => {
    const stack = useDemo({ layout: 'newer', exposePageState: false });
    it('reads the status texts instead', async () => {
      await using c = controller(stack.demo.url);
      await c.startSession('mb-texts-only');
      expect(await c.waitForMarketBridgeReady({ connected: true, timeoutMs: 15_000 })).toBe(true);
      expect(await c.getConnectionStatus()).toMatchObject({
        connected: true,
        source: 'status-text',
        layout: 'newer',
        reconnectAttempts: null,
        ibConnected: true,
      });
      await stack.demo.setBridge('down');
      await expect.poll(async () => (await c.getConnectionStatus()).connected).toBe(false);
    });
  });
});
