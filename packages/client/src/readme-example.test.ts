import { join } from 'node:path';
import { createServer } from '@marketbridge/server';
import { runReadmeExample } from '@marketbridge/test-helpers';
import { useServer } from '@marketbridge/test-helpers/vitest';
import { expect, it } from 'vitest';
import { BrowserClient } from './browser-client.js';

const fx = useServer(createServer);

it('runs the live-view example from the README as a user would (built package, real server)', async () => {
  const { stdout } = await runReadmeExample(join(import.meta.dirname, '..'), 'live', {
    env: { ...process.env, MB_BROWSER_URL: fx.url, MB_BROWSER_TOKEN: fx.token, SITE_URL: fx.site.at('/') },
  });
  expect(stdout).toContain(`back at ${fx.site.at('/')} (moved: true)`);
  expect(stdout).toMatch(/frame 0: \d{4,} bytes of JPEG, 1280x800/);
  expect(stdout).toContain(`watch it yourself: ${fx.url}/ui#code=`);
  const session = await new BrowserClient(fx.url, { token: fx.token }).getSession('live-demo');
  expect(session.info.currentUrl).toBe(fx.site.at('/'));
});

it('runs the profiles example from the README (options, cookies, clone, storage state)', async () => {
  const { stdout } = await runReadmeExample(join(import.meta.dirname, '..'), 'profiles', {
    env: { ...process.env, MB_BROWSER_URL: fx.url, MB_BROWSER_TOKEN: fx.token, SITE_URL: fx.site.at('/') },
  });
  expect(stdout.split('\n')).toEqual([
    'de-DE Europe/Berlin',
    'clone: sid=abc123, de-DE',
    'from the state: sid=abc123',
    '',
  ]);
});

it('runs the by-name example from the README: one round trip, SessionNotFoundError for a missing name', async () => {
  const setup = new BrowserClient(fx.url, { token: fx.token });
  await setup.createSession('trading', { url: fx.site.at('/') });
  try {
    const { stdout } = await runReadmeExample(join(import.meta.dirname, '..'), 'by-name', {
      env: { ...process.env, MB_BROWSER_URL: fx.url, MB_BROWSER_TOKEN: fx.token },
    });
    const [title, url, notFound] = stdout.split('\n');
    expect(title).toEqual(expect.any(String));
    expect(url).toBe(fx.site.at('/'));
    expect(notFound).toBe('true');
  } finally {
    await setup.deleteSession('trading');
  }
});
