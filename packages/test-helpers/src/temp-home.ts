import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { homeLayout } from '@marketbridge/api-types/home';

/** A throw-away `MARKETBRIDGE_HOME` directory under the OS temp dir. */
export interface TempHome {
  /** Absolute, symlink-free path of the directory. */
  readonly dir: string;
  /** `join(dir, ...parts)`. */
  path(...parts: string[]): string;
  /** `<dir>/browser_sessions_registry.json`. */
  readonly registryFile: string;
  /** Removes the directory and everything in it. Safe to call twice. */
  remove(): void;
  [Symbol.dispose](): void;
}

/** Creates a fresh temp home: `using home = createTempHome();` or call `home.remove()` in `afterEach`. */
export function createTempHome(prefix = 'mb-home-'): TempHome {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  return {
    dir,
    path: (...parts) => join(dir, ...parts),
    registryFile: homeLayout(dir).registryFile,
    remove,
    [Symbol.dispose]: remove,
  };
}

/**
 * Runs `fn` with `process.env.MARKETBRIDGE_HOME` pointing at a fresh temp home, then restores the
 * variable and removes the directory.
 */
export async function withTempHome<T>(fn: (home: TempHome) => T | Promise<T>): Promise<T> {
  const home = createTempHome();
  const previous = process.env.MARKETBRIDGE_HOME;
  process.env.MARKETBRIDGE_HOME = home.dir;
  try {
    return await fn(home);
  } finally {
    if (previous === undefined) delete process.env.MARKETBRIDGE_HOME;
    else process.env.MARKETBRIDGE_HOME = previous;
    home.remove();
  }
}
