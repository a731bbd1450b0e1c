import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTempHome, deadPort, startTestSite } from '@marketbridge/test-helpers';
import { expect, it } from 'vitest';

const packageDir = join(import.meta.dirname, '..');

it('runs the embedding example from the README as a user would', async () => {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const code = readme.split('<!-- example: embedded')[1]?.match(/```js\n([\s\S]*?)```/)?.[1];
  expect(code).toBeDefined();
  // Inside the package so `import '@marketbridge/server'` resolves by self-reference, like an install.
  const file = join(packageDir, '.readme-example.mjs');
  writeFileSync(file, code as string);
  using home = createTempHome();
  await using site = await startTestSite();
  try {
    const run = async () =>
      promisify(execFile)(process.execPath, [file], {
        env: {
          ...process.env,
          MARKETBRIDGE_HOME: home.dir,
          DEMO_URL: site.at('/'),
          PORT: String(await deadPort()),
        },
        timeout: 60_000,
      });
    const first = await run();
    expect(first.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const id = first.stdout.match(/session trading ([0-9a-f-]{36}) at http:\/\/127\.0\.0\.1:\d+\//)?.[1];
    expect(id).toBeDefined();
    expect(first.stdout).toContain('title: Home');
    const second = await run();
    expect(second.stdout).toContain(`session trading ${id} at`);
  } finally {
    rmSync(file, { force: true });
  }
});
