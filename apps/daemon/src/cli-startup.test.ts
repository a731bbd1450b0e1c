import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createTempHome } from '@marketbridge/test-helpers';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/**
 * Runs the built CLI with a module hook that writes down every module it loads. Commands that talk to
 * a running server (status, session …) must not load the server or the browser code: that was a
 * second of start-up for each `mb-browser status`; `serve`, `stop` and `token` load them when they run.
 */
async function modulesLoadedBy(args: string[]): Promise<{ loaded: string[]; code: number }> {
  using home = createTempHome('mb-cli-startup-');
  const log = home.path('loaded.txt');
  const hooks = home.path('hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');
  return result;
}
`,
  );
  const register = home.path('register.mjs');
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  writeFileSync(log, '');
  const code = await new Promise<number>((resolve) => {
    execFile(
      process.execPath,
      ['--import', pathToFileURL(register).href, bin, ...args],
      { env: { ...process.env, MARKETBRIDGE_HOME: home.dir, MB_BROWSER_URL: '' }, timeout: 120_000 },
      (error) => resolve(error ? (typeof error.code === 'number' ? error.code : -1) : 0),
    );
  });
  return { loaded: readFileSync(log, 'utf8').split('\n').filter(Boolean), code };
}

const heavy = /playwright-core|\/server\/dist\/|\/browser-manager\/dist\/|winston|express|\/tsx\//;

describe('CLI start-up', () => {
  it.each([
    [['status'], 3],
    [['session', 'list'], 1], // no server running: the connection error
    [['--help'], 0],
  ])('%j loads neither the server nor the browser code', async (args, code) => {
    const run = await modulesLoadedBy(args);
    expect(run.code).toBe(code);
    // The hook saw the CLI itself: a run that loaded nothing would pass for the wrong reason.
    expect(run.loaded.some((url) => url.endsWith('/daemon/dist/cli.js'))).toBe(true);
    expect(run.loaded.filter((url) => heavy.test(url))).toEqual([]);
  });

  it('the hook does see the server when a command needs it (token loads the token rules)', async () => {
    const run = await modulesLoadedBy(['token']);
    expect(run.code).toBe(0);
    expect(run.loaded.some((url) => url.includes('/server/dist/'))).toBe(true);
  });
});
