export { main } from './cli.js';
export { type DaemonPaths, daemonPaths } from './paths.js';
export { type PidInfo, readPidFile } from './pid-file.js';
