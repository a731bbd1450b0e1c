import { BrowserController } from '@marketbridge/controller';
import type { Example } from '../example.js';

/** The seed's quick start: a persistent MarketBridge session, a subscription, live prices, a screenshot. */
export const quickStart: Example = {
  name: 'quick start',
  description:
    'controller: session, wait until connected, subscribe AAPL, read live prices, debug screenshot',
  async run({ client, marketbridgeUrl, scratch, log }) {
    const controller = new BrowserController({
      client,
      marketbridgeUrl,
      screenshotsDir: scratch,
      logger: { info: log, warn: (m) => log(`warning: ${m}`) },
    });
    try {
      const session = await controller.startSession('example-trading');
      log(`session ${session.name} (${session.id.slice(0, 8)}) at ${session.info.currentUrl}`);
      if (!(await controller.waitForMarketBridgeReady({ connected: true, timeoutMs: 20_000 }))) {
        throw new Error(`MarketBridge did not connect: ${controller.lastFailure}`);
      }
      const status = await controller.getConnectionStatus();
      log(`connected=${status.connected} (${status.layout} layout, read from ${status.source})`);
      if (
        !(await controller.subscribeToMarketData('AAPL', {
          instrumentType: 'stock',
          dataType: 'market_data',
        }))
      ) {
        throw new Error(`subscription refused: ${controller.lastFailure}`);
      }
      const quote = await controller.waitForMarketData('AAPL', { timeoutMs: 15_000 });
      if (!quote || quote.last === null) throw new Error('no AAPL prices arrived');
      log(`AAPL last=${quote.last} bid=${quote.bid} ask=${quote.ask} volume=${quote.volume}`);
      const shot = await controller.takeDebugScreenshot('quick start');
      log(`screenshot ${shot}`);
      await controller.unsubscribeFromMarketData('AAPL');
      return `AAPL last ${quote.last}, subscriptions confirmed on the page; screenshot ${shot}`;
    } finally {
      await controller.close(); // the session stays for the next run
    }
  },
};
