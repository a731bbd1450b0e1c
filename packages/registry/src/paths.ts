import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export const REGISTRY_FILE_NAME = 'browser_sessions_registry.json';

/** `MARKETBRIDGE_HOME` (a leading `~` is expanded), else `~/.marketbridge`; always absolute. */
export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.MARKETBRIDGE_HOME?.trim();
  if (!fromEnv) return join(homedir(), '.marketbridge');
  if (fromEnv === '~') return homedir();
  if (fromEnv.startsWith('~/')) return join(homedir(), fromEnv.slice(2));
  return resolve(fromEnv);
}

/** `<home>/browser_sessions_registry.json`; `home` defaults to {@link defaultHome}. */
export function defaultRegistryFile(home?: string): string {
  return join(home === undefined ? defaultHome() : resolve(home), REGISTRY_FILE_NAME);
}

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
