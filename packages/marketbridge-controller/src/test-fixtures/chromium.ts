import { locateBrowser } from '@marketbridge/browser-manager';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

export interface ChromiumFixture {
  browser: Browser;
  /** A fresh page in a fresh context (closed after the test). */
  newPage(): Promise<Page>;
}

/** One headless Chromium for the test file (located like the server does), a fresh context per page. */
export function useChromium(): ChromiumFixture {
  const fx = { contexts: [] as BrowserContext[] } as ChromiumFixture & { contexts: BrowserContext[] };
  beforeAll(async () => {
    fx.browser = await chromium.launch({
      executablePath: locateBrowser().executablePath,
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    });
  });
  afterEach(async () => {
    await Promise.all(fx.contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await fx.browser?.close();
  });
  fx.newPage = async () => {
    const context = await fx.browser.newContext();
    fx.contexts.push(context);
    return context.newPage();
  };
  return fx;
}
