import { createServer, type IncomingMessage } from 'node:http';
import { deadPort, errorOf, type Loopback, listenOnLoopback } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserController } from './browser-controller.js';
import { ControllerError } from './errors.js';

// A stand-in session server that records every request: it answers session creation and nothing else.
const requests: string[] = [];
let serverUrl = '';
const stub = createServer((req: IncomingMessage, res) => {
  requests.push(`${req.method} ${req.url}`);
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/sessions') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 's1',
          name: 'marketbridge_session',
          browserType: 'chromium',
          headless: true,
          viewport: { width: 1280, height: 720 },
          status: 'active',
          active: true,
          createdAt: new Date().toISOString(),
          lastActivity: new Date().toISOString(),
          currentUrl: 'http://mb.example:8080/',
          title: 'MarketBridge',
          pageCount: 1,
          metadata: {},
        }),
      );
      return;
    }
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'unexpected', message: `stub got ${req.method} ${req.url}` } }));
  });
});
let listening: Loopback;
beforeAll(async () => {
  listening = await listenOnLoopback(stub);
  serverUrl = listening.url;
});
afterAll(() => listening.close());

const invalid = async (promise: Promise<unknown>, message: RegExp) => {
  const error = await errorOf(promise);
  expect(error).toBeInstanceOf(ControllerError);
  expect(error.code).toBe('invalid_input');
  expect(error.message).toMatch(message);
};

describe('BrowserController before touching the page', () => {
  it('rejects bad arguments without sending a single request', async () => {
    await using controller = new BrowserController({
      serverUrl,
      token: 'x'.repeat(32),
      marketbridgeUrl: 'http://mb.example:8080',
      logger: false,
    });
    await controller.startSession(); // already "on" MarketBridge: no navigation
    expect(requests).toEqual(['POST /sessions']);

    await invalid(controller.subscribeToMarketData('AA PL'), /symbol must be/);
    await invalid(controller.subscribeToMarketData("x'); alert(1); ('"), /symbol must be/);
    await invalid(
      controller.subscribeToMarketData('AAPL', { instrumentType: 'bond' as never }),
      /instrumentType/,
    );
    await invalid(controller.subscribeToMarketData('AAPL', { dataType: 'level2' as never }), /dataType/);
    await invalid(controller.subscribeToMarketData('AAPL', { contractMonth: 'H27' }), /futures only/);
    await invalid(
      controller.subscribeToMarketData('ES', { instrumentType: 'future', contractMonth: 'Q2' }),
      /contractMonth/,
    );
    await invalid(
      controller.subscribeToMarketData('ES', { instrumentType: 'future', lastTradeDate: '2027-3-19' }),
      /lastTradeDate/,
    );
    await invalid(controller.unsubscribeFromMarketData(''), /symbol must be/);
    await invalid(controller.getMarketData('<img>'), /symbol must be/);
    await invalid(controller.waitForMarketData('AAPL', { timeoutMs: -1 }), /timeoutMs/);
    await invalid(
      controller.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 10, orderType: 'LMT' }),
      /needs a price/,
    );
    await invalid(
      controller.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 0, orderType: 'MKT' }),
      /quantity/,
    );
    await invalid(
      controller.placeOrder({ symbol: 'AAPL', action: 'SHORT' as never, quantity: 1, orderType: 'MKT' }),
      /action/,
    );
    await invalid(controller.navigateToMarketBridge('javascript:alert(1)'), /http\(s\) URL/);
    await invalid(controller.waitForMarketBridgeReady({ timeoutMs: 0 }), /timeoutMs/);

    expect(requests).toEqual(['POST /sessions']);
    await controller.close();
    expect(requests).toEqual(['POST /sessions']); // closing never deletes the session
  });

  it('needs a session for page work, and says so without any request', async () => {
    const port = await deadPort();
    const controller = new BrowserController({
      serverUrl: `http://127.0.0.1:${port}`,
      token: 't',
      logger: false,
    });
    const error = await errorOf(controller.getConnectionStatus());
    expect(error).toBeInstanceOf(ControllerError);
    expect(error.code).toBe('no_session');
    expect((await errorOf(controller.takeDebugScreenshot())).code).toBe('no_session');
    // Validation still comes first.
    expect((await errorOf(controller.subscribeToMarketData('A B'))).code).toBe('invalid_input');
  });

  it('checks its own options', () => {
    const make = (options: ConstructorParameters<typeof BrowserController>[0]) => () =>
      new BrowserController({ serverUrl, token: 't', logger: false, ...options });
    expect(make({ marketbridgeUrl: 'ftp://x' })).toThrow(ControllerError);
    expect(make({ marketbridgeUrl: 'not a url' })).toThrow(/not a URL/);
    expect(make({ selectors: { symbl: '#x' } as never })).toThrow(/Unknown selector "symbl"/);
    expect(make({ confirmTimeoutMs: 0 })).toThrow(/confirmTimeoutMs/);
  });

  it('takes MARKETBRIDGE_URL as the default UI and knows which URLs are on it', () => {
    const previous = process.env.MARKETBRIDGE_URL;
    try {
      process.env.MARKETBRIDGE_URL = 'http://trading.local:9000/mb';
      const controller = new BrowserController({ serverUrl, token: 't', logger: false });
      expect(controller.marketbridgeUrl).toBe('http://trading.local:9000/mb');
      expect(controller.isMarketBridgeUrl('http://trading.local:9000/mb')).toBe(true);
      expect(controller.isMarketBridgeUrl('http://trading.local:9000/mb/?layout=older')).toBe(true);
      expect(controller.isMarketBridgeUrl('http://trading.local:9000/mbx')).toBe(false);
      expect(controller.isMarketBridgeUrl('http://trading.local:9001/mb')).toBe(false);
      expect(controller.isMarketBridgeUrl('about:blank')).toBe(false);

      delete process.env.MARKETBRIDGE_URL;
      const byDefault = new BrowserController({ serverUrl, token: 't', logger: false });
      expect(byDefault.marketbridgeUrl).toBe('http://localhost:8080/');
      expect(byDefault.isMarketBridgeUrl('http://localhost:8080/anything')).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.MARKETBRIDGE_URL;
      else process.env.MARKETBRIDGE_URL = previous;
    }
  });
});
