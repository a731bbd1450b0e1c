import { existsSync, readFileSync } from 'node:fs';
import { eventually } from '@marketbridge/test-helpers';
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

describe('a save after activity that changes nothing', () => {
  it('is not written again; a change is written, and an asked-for save always is', async () => {
    await fx.manager.createSession({ name: 'reader', url: fx.site.at('/state') });
    const file = fx.home.path('playwright_sessions', 'reader.json');
    const savedAt = () => JSON.parse(readFileSync(file, 'utf8')).marketbridge.savedAt as string;
    // The first save after the page load writes the file.
    await eventually(() => existsSync(file), 'the first save', 60_000);
    await eventually(() => fx.manager.saveStats().written >= 1, 'a save written after activity', 60_000);

    // Reading the page changes no cookie, storage or page: a save that follows skips the write, and the
    // file is as it was. (Should the page's own load still be landing, start again from that write.)
    let at = savedAt();
    let before = fx.manager.saveStats();
    await eventually(
      async () => {
        await fx.manager.execute('reader', 'document.title');
        const now = fx.manager.saveStats();
        if (now.written !== before.written) {
          at = savedAt();
          before = now;
          return false;
        }
        return now.unchanged > before.unchanged && savedAt() === at;
      },
      'a save after activity that found nothing to write',
      60_000,
    );

    // A change in localStorage is written by the next save after activity.
    await fx.manager.execute('reader', "localStorage.setItem('seen', 'yes')");
    // The count goes up once the write has landed: wait for both, not for the file alone.
    await eventually(
      () => readFileSync(file, 'utf8').includes('"seen"') && fx.manager.saveStats().written > before.written,
      'the change on disk, counted as written',
      60_000,
    );

    // Asked for, a save writes even when nothing changed.
    const changed = savedAt();
    await fx.manager.saveSession('reader');
    expect(savedAt()).not.toBe(changed);
  });
});
