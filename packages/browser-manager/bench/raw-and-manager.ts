import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../src/launch.js';
import { BrowserManager } from '../src/manager.js';

/** A raw headless Chromium and a BrowserManager on `home`, for benches that compare the two. */
export async function rawAndManager(home: string): Promise<{ raw: Browser; manager: BrowserManager }> {
  const raw = await launchBrowser({
    browserType: 'chromium',
    headless: true,
    timeoutMs: 30_000,
    instanceId: randomUUID(),
  });
  const manager = await BrowserManager.create({ home, saveIntervalMs: 0 });
  return { raw, manager };
}
