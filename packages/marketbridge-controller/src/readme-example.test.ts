import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from '@marketbridge/server';
import { runReadmeExample } from '@marketbridge/test-helpers';
import { useServer } from '@marketbridge/test-helpers/vitest';
import { expect, it } from 'vitest';

const packageDir = join(import.meta.dirname, '..');
const fx = useServer(createServer);

it('runs the quick start from the README as a user would (built package, demo MarketBridge)', async () => {
  const { MARKETBRIDGE_URL: _ignored, ...env } = process.env;
  const { stdout } = await runReadmeExample(packageDir, 'quick start', {
    env: { ...env, MARKETBRIDGE_HOME: fx.home.dir, MB_BROWSER_URL: fx.server.url },
  });
  expect(stdout).toContain('connected=true (newer page, from page-state)');
  expect(stdout).toMatch(/AAPL last=\d+(\.\d+)? bid=\d+(\.\d+)? ask=\d+(\.\d+)? volume=\d+/);
  const shot = stdout.match(/screenshot: (\S+\.png)/)?.[1];
  expect(shot).toMatch(/debug_after_subscribe_\d{8}_\d{6}_\d{3}\.png$/);
  expect(existsSync(shot as string)).toBe(true);
});
