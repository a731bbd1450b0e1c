// Replace a file atomically: write a temp file beside it, fsync, (last check), rename, fsync the directory.
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isTmpOf, tmpPath } from './paths.js';

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0o600). */
  mode?: number;
  /**
   * Runs after the temp file is complete and fsynced, immediately before the rename. Throwing here
   * aborts the write: the temp file is removed and the target is left as it was.
   */
  beforeRename?: () => void | Promise<void>;
}

/**
 * Writes `data` to `file` so that readers only ever see the old or the new content, never a mix:
 * temp file `<file>.tmp-<pid>-<random>` (created exclusively, mode 0600), write, fsync, close,
 * `beforeRename()`, rename over `file`, then fsync the directory so the rename itself is durable.
 */
export async function atomicWrite(
  file: string,
  data: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const tmp = tmpPath(file);
  let renamed = false;
  try {
    const handle = await open(tmp, 'wx', options.mode ?? 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeRename?.();
    await rename(tmp, file);
    renamed = true;
  } finally {
    if (!renamed) await unlink(tmp).catch(() => {});
  }
  await syncDirectory(dirname(file));
}

/** fsync a directory (makes a rename in it durable). Not supported everywhere (Windows): best effort. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM/EINVAL on platforms that cannot fsync a directory: nothing more to do.
  } finally {
    await handle?.close().catch(() => {});
  }
}

/**
 * Removes temp files of `file` left by writers that died before their rename (SIGKILL, power loss).
 * Only call while holding the lock: then no live writer owns one. Returns the removed names.
 */
export async function removeOrphanTempFiles(file: string): Promise<string[]> {
  const dir = dirname(file);
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!isTmpOf(file, name)) continue;
    try {
      await unlink(join(dir, name));
      removed.push(name);
    } catch {
      // Already gone, or not ours to remove: leave it.
    }
  }
  return removed;
}
