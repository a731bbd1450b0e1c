import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { ExampleContext } from './example.js';

const run = promisify(execFile);

/**
 * Runs a script twice as separate `node` processes (`first`, then `second`), as two runs of a user's
 * script would be, with the server and MarketBridge in their environment; each prints one JSON line.
 */
export async function inTwoProcesses<T>(
  { serverUrl, home, scratch, marketbridgeUrl, log }: ExampleContext,
  prefix: string,
  script: (step: 'first' | 'second') => string,
): Promise<[T, T]> {
  const env = {
    ...process.env,
    MB_BROWSER_URL: serverUrl,
    MARKETBRIDGE_HOME: home,
    MARKETBRIDGE_URL: marketbridgeUrl,
  };
  const outputs: T[] = [];
  for (const step of ['first', 'second'] as const) {
    const file = `${scratch}/${prefix}${step}.mjs`;
    writeFileSync(file, script(step));
    const { stdout } = await run(process.execPath, [file], { env, timeout: 120_000 });
    outputs.push(JSON.parse(stdout) as T);
    log(`process ${step}: ${stdout.trim()}`);
  }
  return outputs as [T, T];
}
