/**
 * The one owner of `MARKETBRIDGE_HOME`: where it is, what every file in it is called, and the PID
 * file's format. Node-only (it reads the user's home directory), so it is a separate entry point,
 * `@marketbridge/api-types/home`, and the main entry stays usable in a browser. The client imports
 * it lazily, only under Node.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const HOME_ENV_VAR = 'MARKETBRIDGE_HOME';

/** Names inside the home; `homeLayout` joins them. */
export const HOME_NAMES = {
  defaultHomeDir: '.marketbridge',
  registryFile: 'browser_sessions_registry.json',
  stateDir: 'playwright_sessions',
  /** `<name>.json` in the state dir: the session's storage state and snapshot (0600). */
  stateFileExt: '.json',
  /**
   * `<name>.secrets` in the state dir: what must not be in the state file or the registry in clear —
   * the proxy password and credential-like header values of the session's options (0600). Never
   * `.json`, so no session name can make one file the other's.
   */
  secretsFileExt: '.secrets',
  screenshotsDir: 'screenshots',
  downloadsDir: 'downloads',
  logDir: 'logs',
  serverLog: 'browser_session_server.log',
  daemonLog: 'browser_session_daemon.log',
  tokenFile: 'token',
  runDir: 'run',
  pidFile: 'browser_session_server.pid',
} as const;

/** A leading `~` or `~/` is the user's home directory; the result is absolute. */
export function expandHome(path: string): string {
  const trimmed = path.trim();
  if (trimmed === '~') return homedir();
  if (trimmed.startsWith('~/')) return join(homedir(), trimmed.slice(2));
  return resolve(trimmed);
}

/** The home: `explicit`, else `$MARKETBRIDGE_HOME`, else `~/.marketbridge`; `~` expanded, absolute. */
export function resolveHome(
  explicit?: string,
  env: Record<string, string | undefined> = process.env,
): string {
  const chosen = explicit?.trim() || env[HOME_ENV_VAR]?.trim();
  return chosen ? expandHome(chosen) : join(homedir(), HOME_NAMES.defaultHomeDir);
}

export interface HomeLayout {
  home: string;
  registryFile: string;
  /** One `<session name>.json` per session with saved state (and `.secrets`: see {@link sessionStateFiles}). */
  stateDir: string;
  screenshotsDir: string;
  /** What sessions' pages downloaded, a folder per session id. */
  downloadsDir: string;
  logDir: string;
  serverLog: string;
  daemonLog: string;
  tokenFile: string;
  pidFile: string;
}

/** Places that may be moved out of the home (the daemon's `--registry-file`, `--state-dir`, ...). */
export type HomeOverrides = Partial<
  Pick<HomeLayout, 'registryFile' | 'stateDir' | 'screenshotsDir' | 'logDir'>
>;

/** Every path in the home, from `resolveHome(home)`; overrides are expanded and made absolute. */
export function homeLayout(home?: string, overrides: HomeOverrides = {}): HomeLayout {
  const dir = resolveHome(home);
  const place = (override: string | undefined, name: string) =>
    override ? expandHome(override) : join(dir, name);
  const logDir = place(overrides.logDir, HOME_NAMES.logDir);
  return {
    home: dir,
    registryFile: place(overrides.registryFile, HOME_NAMES.registryFile),
    stateDir: place(overrides.stateDir, HOME_NAMES.stateDir),
    screenshotsDir: place(overrides.screenshotsDir, HOME_NAMES.screenshotsDir),
    downloadsDir: join(dir, HOME_NAMES.downloadsDir),
    logDir,
    serverLog: join(logDir, HOME_NAMES.serverLog),
    daemonLog: join(logDir, HOME_NAMES.daemonLog),
    tokenFile: join(dir, HOME_NAMES.tokenFile),
    pidFile: join(dir, HOME_NAMES.runDir, HOME_NAMES.pidFile),
  };
}

/** The files of session `name` in `stateDir` (the layout's, or an override): its state and its secrets. */
export function sessionStateFiles(stateDir: string, name: string): { state: string; secrets: string } {
  return {
    state: join(stateDir, `${name}${HOME_NAMES.stateFileExt}`),
    secrets: join(stateDir, `${name}${HOME_NAMES.secretsFileExt}`),
  };
}

/** What the running server writes to its PID file, as JSON. */
export interface PidInfo {
  pid: number;
  port: number;
  host: string;
  startedAt: string;
  version: string;
}

export function formatPidInfo(info: PidInfo): string {
  return `${JSON.stringify(info, null, 2)}\n`;
}

/** Parses a PID file's text; throws an Error saying what is wrong. */
export function parsePidInfo(text: string): PidInfo {
  const info = JSON.parse(text) as Partial<PidInfo> | null;
  if (!info || !Number.isInteger(info.pid) || !Number.isInteger(info.port))
    throw new Error('missing pid or port');
  return {
    pid: info.pid as number,
    port: info.port as number,
    host: typeof info.host === 'string' ? info.host : '127.0.0.1',
    startedAt: typeof info.startedAt === 'string' ? info.startedAt : '',
    version: typeof info.version === 'string' ? info.version : '',
  };
}

/**
 * True while `pid` runs (the server a PID file names, a browser we launched); a zombie (exited, not yet
 * reaped by its parent) counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc to ask (not Linux), or it went away just now: kill(0) said it runs
  }
}

/** The URL a client on this machine reaches the server at: a wildcard listen address is loopback. */
export function serverUrlOf(info: Pick<PidInfo, 'host' | 'port'>): string {
  const { host, port } = info;
  const h =
    !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}
