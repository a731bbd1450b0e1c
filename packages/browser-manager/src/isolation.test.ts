import { createTempHome, startTestSite, type TempHome, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BrowserManager } from './manager.js';

let home: TempHome;
let site: TestSite;
let manager: BrowserManager;

beforeAll(async () => {
  home = createTempHome();
  site = await startTestSite();
  manager = await BrowserManager.create({ home: home.dir, saveIntervalMs: 0 });
});

afterAll(async () => {
  await manager?.close();
  await site?.close();
  home?.remove();
});

it('keeps cookies and localStorage of two sessions apart, in one shared browser', async () => {
  await manager.createSession({ name: 'alice', url: site.at('/state') });
  await manager.createSession({ name: 'bob', url: site.at('/') });
  expect(await manager.execute('alice', 'document.cookie')).toBe('visited=yes');
  expect(await manager.execute('alice', "localStorage.getItem('token')")).toBe('abc123');
  expect(await manager.execute('bob', 'document.cookie')).toBe('');
  expect(await manager.execute('bob', "localStorage.getItem('token')")).toBeNull();
  const browsers = await manager.browsers();
  expect(browsers).toHaveLength(1);
  expect(browsers[0]).toMatchObject({
    browserType: 'chromium',
    headless: true,
    connected: true,
    contexts: 2,
  });
});
