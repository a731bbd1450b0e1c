import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { useServer } from './test-fixtures/stack.js';

const packageDir = join(import.meta.dirname, '..');
const fx = useServer();

it('runs the quick start from the README as a user would (built package, demo MarketBridge)', async () => {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const code = readme.split('<!-- example: quick start')[1]?.match(/```js\n([\s\S]*?)```/)?.[1];
  expect(code).toBeDefined();
  // Inside the package so `import '@marketbridge/controller'` resolves by self-reference, like an install.
  const file = join(packageDir, '.readme-example.mjs');
  writeFileSync(file, code as string);
  try {
    const { MARKETBRIDGE_URL: _ignored, ...env } = process.env;
    const { stdout } = await promisify(execFile)(process.execPath, [file], {
      env: { ...env, MARKETBRIDGE_HOME: fx.home.dir, MB_BROWSER_URL: fx.server.url },
      timeout: 60_000,
    });
    expect(stdout).toContain('connected=true (newer page, from page-state)');
    expect(stdout).toMatch(/AAPL last=\d+(\.\d+)? bid=\d+(\.\d+)? ask=\d+(\.\d+)? volume=\d+/);
    const shot = stdout.match(/screenshot: (\S+\.png)/)?.[1];
    expect(shot).toMatch(/debug_after_subscribe_\d{8}_\d{6}_\d{3}\.png$/);
    expect(existsSync(shot as string)).toBe(true);
  } finally {
    rmSync(file, { force: true });
  }
});
