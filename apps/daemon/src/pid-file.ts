import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatPidInfo, isAlive, type PidInfo, parsePidInfo } from '@marketbridge/api-types/home';

export type { PidInfo };
export { isAlive };

export type PidState =
  | { kind: 'none' }
  | { kind: 'running'; info: PidInfo }
  | { kind: 'stale'; info?: PidInfo; reason: string };

/** Whether `pid` is one of ours: a pid reused by another program must not be signalled. */
function looksLikeOurServer(pid: number): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return args.includes('serve') && args.some((a) => /mb-browser$|daemon[/\\]dist[/\\]bin\.js$/.test(a));
  } catch {
    return process.platform !== 'linux'; // no /proc to ask: trust the pid
  }
}

export function readPidFile(path: string): PidState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { kind: 'none' };
  }
  let info: PidInfo;
  try {
    info = parsePidInfo(text);
  } catch (error) {
    return { kind: 'stale', reason: `the PID file ${path} is unreadable (${(error as Error).message})` };
  }
  if (!isAlive(info.pid)) return { kind: 'stale', info, reason: `process ${info.pid} is not running` };
  if (!looksLikeOurServer(info.pid)) {
    return {
      kind: 'stale',
      info,
      reason: `process ${info.pid} is running but is not an mb-browser server (pid reused)`,
    };
  }
  return { kind: 'running', info };
}

export function writePidFile(path: string, info: PidInfo): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, formatPidInfo(info), { mode: 0o600 });
  renameSync(temp, path);
}

/** Removes the PID file if it still names `pid` (another server may have replaced it). */
export function removePidFile(path: string, pid?: number): void {
  if (pid !== undefined) {
    const state = readPidFile(path);
    if (state.kind !== 'none' && state.info && state.info.pid !== pid) return;
  }
  rmSync(path, { force: true });
}
