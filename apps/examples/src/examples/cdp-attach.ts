import type { Example } from '../example.js';
import { inTwoProcesses } from '../two-processes.js';

const playwrightEntry = import.meta.resolve('playwright-core');
const clientEntry = import.meta.resolve('@marketbridge/client');

// A stock Playwright script: nothing of ours but the URL and the header the SDK hands it.
const script = (step: 'first' | 'second') => `import { chromium } from ${JSON.stringify(playwrightEntry)};
import { BrowserClient } from ${JSON.stringify(clientEntry)};
const client = new BrowserClient(process.env.MB_BROWSER_URL, { home: process.env.MARKETBRIDGE_HOME });
const session = await client.createSession('example-cdp', { reuse: true, url: process.env.MARKETBRIDGE_URL });
const { url, headers } = await session.cdp();
const browser = await chromium.connectOverCDP(url, { headers });
const page = browser.contexts()[0].pages()[0];
const row = page.locator('tr[data-symbol="AAPL"]');
${
  step === 'first'
    ? `await page.fill('#symbol', 'AAPL');
await page.click('#subscribe-btn');`
    : '// The second run subscribes to nothing: the row is there because the first run left it.'
}
await row.waitFor({ timeout: 15000 });
const quote = (await row.innerText()).replace(/\\s+/g, ' ').trim();
await browser.close(); // disconnects; the session and its page stay
console.log(JSON.stringify({ id: session.id, quote }));
`;

export const cdpAttach: Example = {
  name: 'stock Playwright over CDP',
  description:
    'a plain Playwright script attaches to a named session, subscribes and reads a quote row, and leaves; a second run finds the row still live',
  async run(ctx) {
    const [a, b] = await inTwoProcesses<{ id: string; quote: string }>(ctx, 'cdp-', script);
    if (a.id !== b.id || !b.quote.includes('AAPL'))
      throw new Error('the second run did not find the page as the first left it');
    return `same session ${b.id.slice(0, 8)}; AAPL row: ${b.quote.slice(0, 60)}`;
  },
};
