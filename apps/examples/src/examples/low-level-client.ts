import type { Example } from '../example.js';

export const lowLevelClient: Example = {
  name: 'low-level client',
  description: 'create a session, navigate, fill and submit a form, read the page, screenshot',
  async run({ client, marketbridgeUrl, scratch, log }) {
    const session = await client.createSession('example-client', { reuse: true });
    const nav = await session.navigate(marketbridgeUrl);
    log(`navigated: ${nav.status} ${nav.title}`);
    // The page subscribes only once its bridge is connected; ask the page itself.
    await session.waitFor({
      for: 'function',
      expression: 'window.wsClient?.isConnected === true',
      timeoutMs: 15_000,
    });
    await session.fill('#symbol', 'MSFT');
    await session.click('#subscribe-btn');
    await session.waitForSelector('#subscriptions-list .subscription-item');
    const items = await session.executeJs<number>("document.querySelectorAll('.subscription-item').length");
    const file = `${scratch}/low-level.png`;
    const png = await session.screenshot(file);
    log(`screenshot ${file} (${png.length} bytes)`);
    await session.delete();
    return `${items} subscription item(s) after submitting the form; screenshot saved`;
  },
};
