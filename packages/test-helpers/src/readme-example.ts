import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Runs the ```js block that follows `<!-- example: <marker>` in a package's README, as a user would: as
 * a module inside the package (so the package's own name resolves by self-reference, like an install),
 * in a fresh `node`. Throws when the README has no such block or the example exits non-zero.
 */
export async function runReadmeExample(
  packageDir: string,
  marker: string,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const code = readme.split(`<!-- example: ${marker}`)[1]?.match(/```js\n([\s\S]*?)```/)?.[1];
  if (!code) throw new Error(`README.md in ${packageDir} has no \`<!-- example: ${marker}\` js block`);
  const file = join(packageDir, '.readme-example.mjs');
  writeFileSync(file, code);
  try {
    return await promisify(execFile)(process.execPath, [file], {
      env: options.env ?? process.env,
      timeout: options.timeoutMs ?? 180_000,
    });
  } finally {
    rmSync(file, { force: true });
  }
}
