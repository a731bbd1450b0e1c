// The two Playwright ways the server's benches hold the HTTP API against: raw playwright-core in this
// process, and Playwright's own launchServer + connect. One place for how each is started, how its pages
// are made and which processes are its browser's.
import { locateBrowser } from '@marketbridge/browser-manager';
import { descendantsOf } from '@marketbridge/test-helpers';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export interface PlaywrightWay {
  name: string;
  browser: Browser;
  /** One context with one page on `url` per session, until there are `n`. */
  grow(n: number, url: string): Promise<void>;
  pages: Page[];
  /** The browser's main process: the launchServer child, or the Chromium child of this process. */
  browserMains(): number[];
  close(): Promise<void>;
}

export async function startPlaywrightWay(connect: boolean): Promise<PlaywrightWay> {
  const { executablePath } = locateBrowser('chromium');
  let browser: Browser;
  let closeServer = async () => {};
  let browserPid: number | undefined;
  if (connect) {
    const bs = await chromium.launchServer({ executablePath, headless: true });
    browserPid = bs.process().pid;
    browser = await chromium.connect(bs.wsEndpoint());
    closeServer = () => bs.close();
  } else {
    browser = await chromium.launch({ executablePath, headless: true });
  }
  const pages: Page[] = [];
  const contexts: BrowserContext[] = [];
  return {
    name: connect ? 'Playwright launchServer + connect' : 'raw playwright-core, one process',
    browser,
    pages,
    async grow(n, url) {
      while (pages.length < n) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.goto(url);
        contexts.push(context);
        pages.push(page);
      }
    },
    // tsx's esbuild is a child of this process too, and not counted.
    browserMains: () =>
      browserPid
        ? [browserPid]
        : descendantsOf(process.pid, (cmd) => cmd.includes('chrom') && !cmd.includes('--type=')),
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await closeServer();
    },
  };
}
