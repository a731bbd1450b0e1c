import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';
import type { Example } from '../example.js';

const run = promisify(execFile);
const specsDir = fileURLToPath(new URL('../../specs', import.meta.url));
const vitest = fileURLToPath(
  import.meta.resolve('vitest/package.json').replace(/package\.json$/, 'vitest.mjs'),
);

export const vitestSpec: Example = {
  name: 'vitest spec with a session',
  description: 'a test runner reuses a named session through withSession (twice: the second run finds it)',
  async run({ serverUrl, home, marketbridgeUrl, log }) {
    const env = {
      ...process.env,
      MB_BROWSER_URL: serverUrl,
      MARKETBRIDGE_HOME: home,
      MARKETBRIDGE_URL: marketbridgeUrl,
    };
    for (const round of [1, 2]) {
      const { stdout } = await run(
        process.execPath,
        [vitest, 'run', '--config', `${specsDir}/vitest.config.ts`],
        {
          env,
          cwd: specsDir,
        },
      );
      log(`round ${round}: ${stripVTControlCharacters(stdout).match(/Tests\s+.*passed.*/)?.[0] ?? 'passed'}`);
    }
    return 'the spec passed twice against the same session';
  },
};
