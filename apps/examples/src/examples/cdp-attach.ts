import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Example } from '../example.js';

const run = promisify(execFile);
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
  async run({ serverUrl, home, scratch, marketbridgeUrl, log }) {
    const env = {
      ...process.env,
      MB_BROWSER_URL: serverUrl,
      MARKETBRIDGE_HOME: home,
      MARKETBRIDGE_URL: marketbridgeUrl,
    };
    const outputs: { id: string; quote: string }[] = [];
    for (const step of ['first', 'second'] as const) {
      writeFileSync(`${scratch}/cdp-${step}.mjs`, script(step));
      const { stdout } = await run(process.execPath, [`${scratch}/cdp-${step}.mjs`], {
        env,
        timeout: 120_000,
      });
      outputs.push(JSON.parse(stdout) as { id: string; quote: string });
      log(`run ${step}: ${stdout.trim()}`);
    }
    const [a, b] = outputs as [{ id: string; quote: string }, { id: string; quote: string }];
    if (a.id !== b.id || !b.quote.includes('AAPL'))
      throw new Error('the second run did not find the page as the first left it');
    return `same session ${b.id.slice(0, 8)}; AAPL row: ${b.quote.slice(0, 60)}`;
  },
};
