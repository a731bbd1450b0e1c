import { readFileSync } from 'node:fs';
import { createTempHome, eventually, startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  featuresOf,
  playwrightDisabledFeatures,
  UNSHOWN_UI_FEATURES,
  withDisabledFeatures,
} from './chromium-features.js';
import { BrowserManager } from './manager.js';
import type { BrowserManagerOptions } from './types.js';

describe('one --disable-features switch', () => {
  it("merges Playwright's list, the caller's switches and ours into one switch, written last", () => {
    const args = ['--a', '--disable-features=Mine,Shared', '--b', '--disable-features=Other'];
    expect(withDisabledFeatures(args, ['Ours', 'Shared'], ['PwOne', 'PwTwo'])).toEqual([
      '--a',
      '--b',
      '--disable-features=PwOne,PwTwo,Mine,Shared,Other,Ours',
    ]);
    expect(featuresOf(['--x'])).toBeUndefined();
  });

  it("adds no switch when Playwright's list is unknown (one would turn Playwright's features back on)", () => {
    expect(withDisabledFeatures(['--a'], ['Ours'], undefined)).toEqual(['--a']);
    expect(withDisabledFeatures(['--disable-features=Mine'], ['Ours'], undefined)).toEqual([
      '--disable-features=Mine',
    ]);
  });
});

describe('Chromium launched by the manager', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite();
  });
  afterAll(async () => site?.close());

  async function withManager(
    options: BrowserManagerOptions,
    check: (manager: BrowserManager, sessionId: string) => Promise<void>,
  ): Promise<void> {
    const home = createTempHome();
    const manager = await BrowserManager.create({ home: home.dir, saveIntervalMs: 0, ...options });
    try {
      const { session } = await manager.createSession({ name: 'features', url: site.at('/form') });
      await check(manager, session.id);
    } finally {
      await manager.close();
      home.remove();
    }
  }

  const commandLine = (manager: BrowserManager) =>
    readFileSync(`/proc/${manager.browserPids()[0]}/cmdline`, 'utf8').split('\0');
  const switches = (args: string[]) => args.filter((a) => a.startsWith('--disable-features='));

  /** The browser UI targets (pages of Chromium's own UI, such as the omnibox popup) of the browser. */
  async function uiTargets(manager: BrowserManager, sessionId: string): Promise<string[]> {
    const browser = await manager.withPage(sessionId, async (page) => page.context().browser());
    const cdp = await browser?.newBrowserCDPSession();
    const { targetInfos } = (await cdp?.send('Target.getTargets', { filter: [{}] })) ?? { targetInfos: [] };
    await cdp?.detach();
    return targetInfos.filter((t) => t.type === 'browser_ui').map((t) => t.url);
  }

  it.skipIf(process.platform !== 'linux')(
    "keeps every feature Playwright disables, adds the caller's and the omnibox popups', and the popups' pages are gone",
    async () => {
      await withManager({ launchArgs: ['--disable-features=Translate'] }, async (manager, id) => {
        const found = switches(commandLine(manager));
        // Playwright's own switch comes first; Chromium honours only the last one.
        expect(found.length).toBeGreaterThanOrEqual(2);
        const honoured = featuresOf(found.slice(-1)) ?? [];
        const playwrights = featuresOf(found.slice(0, 1)) ?? [];
        expect(playwrights).toEqual(playwrightDisabledFeatures());
        expect(playwrights.length).toBeGreaterThan(0);
        expect(honoured).toEqual(
          expect.arrayContaining([...playwrights, 'Translate', ...UNSHOWN_UI_FEATURES]),
        );
        expect(await uiTargets(manager, id)).toEqual([]);
        // The session works as before.
        expect(await manager.execute(id, 'document.title')).toBe('Form');
        await manager.navigate(id, { url: site.at('/') });
        expect(await manager.execute(id, 'document.title')).toBe('Home');
      });
    },
  );

  it.skipIf(process.platform !== 'linux')(
    "with trimBrowserUi: false Playwright's arguments are left as they are, and the popups' pages are there",
    async () => {
      await withManager({ trimBrowserUi: false }, async (manager, id) => {
        expect(switches(commandLine(manager))).toHaveLength(1);
        await eventually(
          async () => (await uiTargets(manager, id)).some((url) => url.startsWith('chrome://omnibox-popup')),
          'the omnibox popup page to be preloaded',
        );
      });
    },
  );
});
