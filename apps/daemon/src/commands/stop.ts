import { commandContext, defineCommand } from '../command-module.js';
import type { Output } from '../output.js';
import type { DaemonPaths } from '../paths.js';
import { isAlive, readPidFile, removePidFile } from '../pid-file.js';

export type StopResult = { stopped: boolean; pid?: number; forced?: boolean; reason?: string };

/** SIGTERM, wait for the graceful save, SIGKILL after `timeoutMs`; the PID file is removed either way. */
export async function stop(paths: DaemonPaths, timeoutMs: number, out: Output): Promise<StopResult> {
  const state = readPidFile(paths.pidFile);
  if (state.kind === 'none') {
    out.info('mb-browser is not running.');
    return { stopped: false, reason: 'not running' };
  }
  if (state.kind === 'stale') {
    out.info(`mb-browser is not running; removed a stale PID file (${state.reason}).`);
    removePidFile(paths.pidFile);
    return { stopped: false, reason: state.reason };
  }
  const { pid } = state.info;
  out.info(`Stopping mb-browser (pid ${pid}); sessions are saved first...`);
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive(pid)) await new Promise((r) => setTimeout(r, 100));
  let forced = false;
  if (isAlive(pid)) {
    out.info(`Still running after ${timeoutMs} ms; sending SIGKILL.`);
    process.kill(pid, 'SIGKILL');
    forced = true;
    while (isAlive(pid)) await new Promise((r) => setTimeout(r, 50));
    // Only now: loading the browser code costs every `stop` half a second.
    const { reapOrphanedBrowsers } = await import('@marketbridge/browser-manager');
    const reaped = reapOrphanedBrowsers();
    if (reaped.length > 0) out.info(`Killed ${reaped.length} browser process(es) it left behind.`);
  }
  removePidFile(paths.pidFile, pid);
  out.info('Stopped.');
  return { stopped: true, pid, forced };
}

export const stopCommand = defineCommand({
  command: 'stop',
  describe: 'Stop the server: save sessions, then exit',
  builder: (yargs) =>
    yargs.option('timeout-ms', { type: 'number', default: 20_000, describe: 'SIGKILL after this long' }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const result = await stop(paths, args.timeoutMs, out);
    if (out.json) out.result(result);
  },
});
