// Names of the files beside the registry file: its lock, its temp files, a corrupt copy moved aside.
// Where the registry file itself lives is the home layout's business (@marketbridge/api-types/home).
import { basename } from 'node:path';

/** The directory proper-lockfile creates as the lock: `<file>.lock`. */
export function lockPath(file: string): string {
  return `${file}.lock`;
}

/** `<file>.corrupt-2026-01-02T03-04-05-678Z` (colons are not portable in file names). */
export function corruptPath(file: string, at: Date, attempt = 0): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  return `${file}.corrupt-${stamp}${attempt > 0 ? `-${attempt}` : ''}`;
}

const TMP_MARK = '.tmp-';

/** A temp file beside `file`, unique per process and call: `<file>.tmp-<pid>-<random>`. */
export function tmpPath(file: string): string {
  return `${file}${TMP_MARK}${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Whether `name` (a directory entry next to `file`) is one of `file`'s temp files. */
export function isTmpOf(file: string, name: string): boolean {
  return name.startsWith(`${basename(file)}${TMP_MARK}`);
}
