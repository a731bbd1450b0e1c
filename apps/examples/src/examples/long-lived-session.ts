import { BrowserController } from '@marketbridge/controller';
import type { Example } from '../example.js';

/**
 * A session kept for days gets a fresh browser context now and then (here on request; on a schedule with
 * `mb-browser start --recycle-after-minutes`): same session, same cookies and localStorage, but the page
 * is loaded again — so a script subscribes again, as it would after any reload.
 */
export const longLivedSession: Example = {
  name: 'long-lived session, recycled',
  description: 'recycle a session: same id and storage, page reloaded; subscribe again after it',
  async run({ client, marketbridgeUrl, log }) {
    const controller = new BrowserController({ client, marketbridgeUrl, logger: false });
    try {
      const session = await controller.startSession('example-long-lived');
      if (!(await controller.waitForMarketBridgeReady({ connected: true, timeoutMs: 20_000 })))
        throw new Error(`MarketBridge did not connect: ${controller.lastFailure}`);
      await session.executeJs("localStorage.setItem('layout', 'compact')");
      if (!(await controller.subscribeToMarketData('MSFT')) || !(await controller.waitForMarketData('MSFT')))
        throw new Error(`no MSFT prices: ${controller.lastFailure}`);
      const id = session.id;

      const ms = await session.recycle();
      log(
        `recycled in ${ms} ms: ${session.info.name} (${session.id.slice(0, 8)}) at ${session.info.currentUrl}`,
      );
      if (session.id !== id) throw new Error('the session changed identity');
      const layout = await session.executeJs<string>("localStorage.getItem('layout')");
      if (layout !== 'compact') throw new Error(`localStorage lost: ${layout}`);
      if (!(await controller.waitForMarketBridgeReady({ connected: true, timeoutMs: 20_000 })))
        throw new Error('MarketBridge did not reconnect after the recycle');
      const before = await controller.getMarketData('MSFT');
      log(
        `MSFT row right after the reload: ${before ? 'present' : 'gone (the page lost its subscriptions)'}`,
      );
      if (!(await controller.subscribeToMarketData('MSFT')))
        throw new Error(`resubscribe refused: ${controller.lastFailure}`);
      const quote = await controller.waitForMarketData('MSFT');
      if (!quote) throw new Error('no MSFT prices after subscribing again');
      await controller.unsubscribeFromMarketData('MSFT');
      return `recycled in ${ms} ms, same id and localStorage; subscribed again, MSFT last ${quote.last}`;
    } finally {
      await controller.close();
    }
  },
};
