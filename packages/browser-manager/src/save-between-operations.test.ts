import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useManager } from './test-fixtures/manager-fixture.js';

const fx = useManager();

describe('state saves during continuous navigation', () => {
  it('are read between operations, so Playwright never opens a hidden page to collect localStorage', async () => {
    await fx.manager.createSession({ name: 'busy', url: fx.site.at('/state') });
    const browser = await fx.manager.withPage('busy', async (page) => page.context().browser()!);
    const cdp = await browser.newBrowserCDPSession();
    let pagesOpened = 0;
    cdp.on('Target.targetCreated', (event) => {
      if (event.targetInfo.type === 'page') pagesOpened++;
    });
    await cdp.send('Target.setDiscoverTargets', { discover: true });
    pagesOpened = 0; // the discovery reports the pages already open
    const file = fx.home.path('playwright_sessions', 'busy.json');
    // Navigate without a pause until a save has happened among the navigations, and a few after it:
    // by count, not by the clock, so a slow machine only makes it take longer.
    let navigationsAfterSave = 0;
    while (navigationsAfterSave < 5) {
      await fx.manager.navigate('busy', { url: fx.site.at('/state') });
      if (existsSync(file)) navigationsAfterSave++;
    }
    expect(pagesOpened).toBe(0);
    await cdp.detach();
  });
});
