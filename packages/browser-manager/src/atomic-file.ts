import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Replaces `file` so that readers only ever see the old or the new content: a temp file beside it
 * (`<file>.tmp-<pid>-<random>`, created exclusively), every byte written, fsync, rename, fsync of the
 * directory. On any failure the temp file is removed and `file` is left as it was.
 *
 * Not write-file-atomic: it issues a single write() and ignores a short count, so on a nearly full
 * disk it renamed a truncated file over the good one. FileHandle.writeFile writes until done or fails.
 */
export async function replaceFile(file: string, data: string, mode = 0o600): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  let renamed = false;
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
    renamed = true;
  } finally {
    if (!renamed) await unlink(tmp).catch(() => undefined);
  }
  await syncDirectory(dirname(file));
}

/** Makes a rename in `dir` durable. Best effort: some platforms cannot fsync a directory. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close().catch(() => undefined);
}
