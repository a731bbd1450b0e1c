import { type HomeLayout, homeLayout } from '@marketbridge/api-types/home';

/** The home layout, as the daemon's flags place it. */
export type DaemonPaths = HomeLayout;

export interface PathFlags {
  home?: string;
  logDir?: string;
  registryFile?: string;
  screenshotsDir?: string;
  stateDir?: string;
}

/** Where everything lives, from flags, then MARKETBRIDGE_HOME, then ~/.marketbridge (one owner: api-types/home). */
export function daemonPaths(flags: PathFlags): DaemonPaths {
  const { home, logDir, registryFile, screenshotsDir, stateDir } = flags;
  return homeLayout(home, {
    ...(logDir ? { logDir } : {}),
    ...(registryFile ? { registryFile } : {}),
    ...(screenshotsDir ? { screenshotsDir } : {}),
    ...(stateDir ? { stateDir } : {}),
  });
}
