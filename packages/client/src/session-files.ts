/**
 * The files a session handle writes when a method is given a `path` (Node only): a PDF, a screenshot or
 * a download's bytes, and the storage state. node:fs is imported on first use, so the client still loads
 * where there is no file system (a browser, a worker), which never passes a path.
 */
import type { StorageStateResponse } from '@marketbridge/api-types';

/** Writes `bytes` to `path` when one is given; resolves to the bytes. */
export async function writeBytes(path: string | undefined, bytes: Uint8Array): Promise<Uint8Array> {
  if (path) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, bytes);
  }
  return bytes;
}

/** Writes the storage state as JSON to `path` when one is given, mode 0600: it holds the session's logins. */
export async function writeStorageState(
  path: string | undefined,
  state: StorageStateResponse,
): Promise<StorageStateResponse> {
  if (path) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  }
  return state;
}
