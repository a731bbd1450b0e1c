// Runs the README's home-layout example as a user would: a module inside the built package, so the
// package's own name resolves by self-reference, in a fresh `node`. (Not through test-helpers, which
// depends on this package.)
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const packageDir = join(import.meta.dirname, '..');

it('runs the home-layout example from the README', async () => {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const code = readme.split('<!-- example: home')[1]?.match(/```js\n([\s\S]*?)```/)?.[1];
  expect(code, 'the README has the example').toBeDefined();
  const file = join(packageDir, '.readme-example.mjs');
  writeFileSync(file, code as string);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [file], { timeout: 120_000 });
    expect(stdout.split('\n')).toEqual([
      '/srv/mb/browser_sessions_registry.json',
      '/srv/mb/playwright_sessions',
      '/var/log/mb/browser_session_daemon.log',
      'http://127.0.0.1:9247',
      '',
    ]);
  } finally {
    rmSync(file, { force: true });
  }
});
