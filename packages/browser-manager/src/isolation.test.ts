import { expect, it } from 'vitest';
import { useManager } from './test-fixtures/manager-fixture.js';

const fx = useManager();

it('keeps cookies and localStorage of two sessions apart, in one shared browser', async () => {
  await fx.manager.createSession({ name: 'alice', url: fx.site.at('/state') });
  await fx.manager.createSession({ name: 'bob', url: fx.site.at('/') });
  expect(await fx.manager.execute('alice', 'document.cookie')).toBe('visited=yes');
  expect(await fx.manager.execute('alice', "localStorage.getItem('token')")).toBe('abc123');
  expect(await fx.manager.execute('bob', 'document.cookie')).toBe('');
  expect(await fx.manager.execute('bob', "localStorage.getItem('token')")).toBeNull();
  const browsers = await fx.manager.browsers();
  expect(browsers).toHaveLength(1);
  expect(browsers[0]).toMatchObject({
    browserType: 'chromium',
    headless: true,
    connected: true,
    contexts: 2,
  });
});
