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
  // Bounds that only catch a hang: a busy machine runs the examples several times slower.
  const { stdout } = await promisify(execFile)(process.execPath, [runner], { env, timeout: 600_000 }).catch(
    (error: { message: string; stdout?: string; stderr?: string }) => {
      throw new Error(`${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`.slice(-4000));
    },
  );
  expect(stdout).toContain(`${examples.length} passed, 0 failed`);
  for (const example of examples) expect(stdout).toMatch(new RegExp(`${example.name}\\s+PASS`));
  expect(stdout).toContain('stopping the daemon');
}, 620_000);
