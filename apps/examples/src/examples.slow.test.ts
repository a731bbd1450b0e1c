import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { examples } from './examples/index.js';

const runner = fileURLToPath(new URL('../dist/run.js', import.meta.url));

it('pnpm examples: every example passes against a daemon and MarketBridge it starts and stops itself', async () => {
  const env = { ...process.env };
  delete env.MB_BROWSER_URL;
  delete env.MARKETBRIDGE_URL;
  delete env.MARKETBRIDGE_HOME;
  const { stdout } = await promisify(execFile)(process.execPath, [runner], { env, timeout: 300_000 });
  expect(stdout).toContain(`${examples.length} passed, 0 failed`);
  for (const example of examples) expect(stdout).toMatch(new RegExp(`${example.name}\\s+PASS`));
  expect(stdout).toContain('stopping the daemon');
}, 320_000);
