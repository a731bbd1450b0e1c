import { join } from 'node:path';
import { createTempHome, deadPort, runReadmeExample, startTestSite } from '@marketbridge/test-helpers';
import { expect, it } from 'vitest';

it('runs the embedding example from the README as a user would', async () => {
  using home = createTempHome();
  await using site = await startTestSite();
  const run = async () =>
    runReadmeExample(join(import.meta.dirname, '..'), 'embedded', {
      env: {
        ...process.env,
        MARKETBRIDGE_HOME: home.dir,
        DEMO_URL: site.at('/'),
        PORT: String(await deadPort()),
      },
    });
  const first = await run();
  expect(first.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
  const id = first.stdout.match(/session trading ([0-9a-f-]{36}) at http:\/\/127\.0\.0\.1:\d+\//)?.[1];
  expect(id).toBeDefined();
  expect(first.stdout).toContain('title: Home');
  const second = await run();
  expect(second.stdout).toContain(`session trading ${id} at`);
});

it('runs the CDP example from the README: stock Playwright attaches, leaves, the session stays', async () => {
  using home = createTempHome();
  await using site = await startTestSite();
  const { stdout } = await runReadmeExample(join(import.meta.dirname, '..'), 'cdp', {
    env: { ...process.env, MARKETBRIDGE_HOME: home.dir, DEMO_URL: site.at('/') },
  });
  expect(stdout).toContain('attached to trading: Home');
  expect(stdout).toContain('after the client left: active');
});
