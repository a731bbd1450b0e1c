import { join } from 'node:path';
import { createTempHome, runReadmeExample, startTestSite } from '@marketbridge/test-helpers';
import { expect, it } from 'vitest';

it('runs the embedded example from the README as a user would', async () => {
  using home = createTempHome();
  await using site = await startTestSite();
  const run = () =>
    runReadmeExample(join(import.meta.dirname, '..'), 'embedded', {
      env: { ...process.env, MARKETBRIDGE_HOME: home.dir, DEMO_URL: site.at('/') },
    });
  const first = await run();
  expect(first.stdout).toMatch(/trading [0-9a-f-]{36} restored=false at http:\/\/127\.0\.0\.1:\d+\//);
  expect(first.stdout).toContain('title: Home');
  expect(first.stdout).toContain('sum: 5');
  expect(first.stdout).toMatch(/screenshot bytes: \d{3,}/);
  expect(first.stdout).toContain('links: 1');
  const second = await run();
  expect(second.stdout).toContain('restored=true');
});
