import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTempHome, startTestSite } from '@marketbridge/test-helpers';
import { expect, it } from 'vitest';

const packageDir = join(import.meta.dirname, '..');

it('runs the embedded example from the README as a user would', async () => {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const code = readme.split('<!-- example: embedded')[1]?.match(/```js\n([\s\S]*?)```/)?.[1];
  expect(code).toBeDefined();
  // Inside the package so `import '@marketbridge/browser-manager'` resolves by self-reference, like an install.
  const file = join(packageDir, '.readme-example.mjs');
  writeFileSync(file, code as string);
  using home = createTempHome();
  await using site = await startTestSite();
  try {
    const run = (url: string) =>
      promisify(execFile)(process.execPath, [file], {
        env: { ...process.env, MARKETBRIDGE_HOME: home.dir, DEMO_URL: url },
        timeout: 60_000,
      });
    const first = await run(site.at('/'));
    expect(first.stdout).toMatch(/trading [0-9a-f-]{36} restored=false at http:\/\/127\.0\.0\.1:\d+\//);
    expect(first.stdout).toContain('title: Home');
    expect(first.stdout).toContain('sum: 5');
    expect(first.stdout).toMatch(/screenshot bytes: \d{3,}/);
    expect(first.stdout).toContain('links: 1');
    const second = await run(site.at('/'));
    expect(second.stdout).toContain('restored=true');
  } finally {
    rmSync(file, { force: true });
  }
});
