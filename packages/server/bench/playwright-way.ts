// The two Playwright ways the server's benches hold the HTTP API against: raw playwright-core in this
// process, and Playwright's own launchServer + connect. One place for how each is started, how its pages
// are made and which processes are its browser's.
import { fileURLToPath } from 'node:url';
import { locateBrowser } from '@marketbridge/browser-manager';
import { descendantsOf } from '@marketbridge/test-helpers';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startBenchChild } from './bench-child.js';

export interface PlaywrightWay {
  name: string;
  browser: Browser;
  /** One context with one page on `url` per session, until there are `n`. */
  grow(n: number, url: string): Promise<void>;
  pages: Page[];
  /** The browser's main process: the launchServer child, or the Chromium child of this process. */
  browserMains(): number[];
  /** The Node process of Playwright's browser server, when it runs in a process of its own. */
  serverPid?: number;
  close(): Promise<void>;
}

export async function startPlaywrightWay(connect: boolean): Promise<PlaywrightWay> {
  const { executablePath } = locateBrowser('chromium');
  let browser: Browser;
  let closeServer = async () => {};
  let browserPid: number | undefined;
  let serverPid: number | undefined;
  if (connect && process.env.MB_CONNECT_IN_PROCESS === '1') {
    const bs = await chromium.launchServer({ executablePath, headless: true });
    browserPid = bs.process().pid;
    browser = await chromium.connect(bs.wsEndpoint());
    closeServer = () => bs.close();
  } else if (connect) {
    const server = await startBrowserServer({ executablePath, headless: true });
    ({ browserPid, pid: serverPid } = server);
    browser = await chromium.connect(server.wsEndpoint);
    closeServer = server.close;
  } else {
    // Its Chromium is the one that appears below this process with the launch: the other ways' browsers
    // (the mb server's, a launchServer's) are below this process too when they run side by side.
    const before = new Set(chromiumMains());
    browser = await chromium.launch({ executablePath, headless: true });
    browserPid = chromiumMains().find((pid) => !before.has(pid));
  }
  const pages: Page[] = [];
  const contexts: BrowserContext[] = [];
  return {
    name: connect ? 'Playwright launchServer + connect' : 'raw playwright-core, one process',
    browser,
    pages,
    ...(serverPid !== undefined ? { serverPid } : {}),
    async grow(n, url) {
      while (pages.length < n) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.goto(url);
        contexts.push(context);
        pages.push(page);
      }
    },
    browserMains: () => (browserPid ? [browserPid] : []),
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await closeServer();
    },
  };
}

/** Chromium main processes (not their helpers) below this process. */
function chromiumMains(): number[] {
  return descendantsOf(process.pid, (cmd) => cmd.includes('chrom') && !cmd.includes('--type='));
}

/**
 * launchServer in a child process (`playwright-server.mjs`), as it is deployed: its clients, like the mb
 * server's, cross a process boundary. MB_CONNECT_IN_PROCESS=1 runs it in this process instead, as the
 * benches did before 2026-12-03 (one Node process for client and server: no hop at one session, no
 * second core at many).
 */
async function startBrowserServer(options: { executablePath: string; headless: boolean }) {
  const script = fileURLToPath(new URL('./playwright-server.mjs', import.meta.url));
  const server = await startBenchChild<{ wsEndpoint: string; pid: number; browserPid: number }>({
    what: "Playwright's browser server",
    args: [script, JSON.stringify(options)],
    stdin: true,
    stop: (child) => child.stdin?.end(),
    stopBoundMs: 10_000,
  });
  return { ...server.ready, close: server.close };
}
