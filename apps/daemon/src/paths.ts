import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DaemonPaths {
  home: string;
  pidFile: string;
  logDir: string;
  serverLog: string;
  daemonLog: string;
  tokenFile: string;
  registryFile: string;
  stateDir: string;
  screenshotsDir: string;
}

export interface PathFlags {
  home?: string;
  logDir?: string;
  registryFile?: string;
  screenshotsDir?: string;
  stateDir?: string;
}

/** Where everything lives, from flags, then MARKETBRIDGE_HOME, then ~/.marketbridge. */
export function daemonPaths(flags: PathFlags, env = process.env): DaemonPaths {
  const home = resolve(flags.home ?? (env.MARKETBRIDGE_HOME || join(homedir(), '.marketbridge')));
  const logDir = resolve(flags.logDir ?? join(home, 'logs'));
  return {
    home,
    pidFile: join(home, 'run', 'browser_session_server.pid'),
    logDir,
    serverLog: join(logDir, 'browser_session_server.log'),
    daemonLog: join(logDir, 'browser_session_daemon.log'),
    tokenFile: join(home, 'token'),
    registryFile: resolve(flags.registryFile ?? join(home, 'browser_sessions_registry.json')),
    stateDir: resolve(flags.stateDir ?? join(home, 'playwright_sessions')),
    screenshotsDir: resolve(flags.screenshotsDir ?? join(home, 'screenshots')),
  };
}
