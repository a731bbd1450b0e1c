import { serverUrlOf } from '@marketbridge/api-types/home';
import { BrowserClient } from '@marketbridge/client';
import { commandContext, defineCommand } from '../command-module.js';
import { fetchHealth } from '../health.js';
import { ago, CliError, exitCodes, type Output, table } from '../output.js';
import type { DaemonPaths } from '../paths.js';
import { readPidFile } from '../pid-file.js';

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** Running or not; with `verbose`, pid, uptime, sessions, memory and browsers. */
export async function status(paths: DaemonPaths, verbose: boolean, out: Output): Promise<void> {
  const state = readPidFile(paths.pidFile);
  if (state.kind !== 'running') {
    const why =
      state.kind === 'stale' ? ` (stale PID file: ${state.reason}; \`mb-browser cleanup\` removes it)` : '';
    out.result(
      { running: false, ...(state.kind === 'stale' ? { stalePidFile: state.reason } : {}) },
      () => `mb-browser is not running${why}.`,
    );
    throw new CliError('', exitCodes.notRunning);
  }
  const { info } = state;
  const url = serverUrlOf(info);
  const health = await fetchHealth(url);
  if (!health) {
    out.result(
      { running: true, responding: false, pid: info.pid, url },
      () => `mb-browser (pid ${info.pid}) is running but not answering at ${url}.`,
    );
    throw new CliError('', exitCodes.failure);
  }
  const summary = {
    running: true,
    responding: true,
    pid: info.pid,
    url,
    version: info.version,
    startedAt: info.startedAt,
    health,
  };
  if (!verbose) {
    out.result(
      summary,
      () =>
        `mb-browser is running at ${url} (pid ${info.pid}, ${health.status}, ${health.sessions.active} active session(s), up ${ago(info.startedAt)}).`,
    );
    return;
  }
  const client = new BrowserClient(url, { home: paths.home });
  const [stats, sessions] = await Promise.all([client.stats(), client.listSessions()]);
  out.result({ ...summary, stats, sessions }, () =>
    [
      `mb-browser ${info.version} running at ${url}`,
      `  pid ${info.pid}, up ${ago(info.startedAt)}, status ${health.status}`,
      `  memory: rss ${mb(stats.memory.rssBytes)}, heap ${mb(stats.memory.heapUsedBytes)}`,
      `  browsers: ${health.browsers.map((b) => `${b.browserType}${b.headless ? '' : ' (headed)'} ${b.version} ${b.connected ? 'connected' : 'DISCONNECTED'}, ${b.contexts} context(s)`).join('; ') || 'none yet'}`,
      `  counters: created ${stats.sessionsCreated}, restored ${stats.sessionsRestored}, crashed ${stats.sessionsCrashed}, deleted ${stats.sessionsDeleted}, requests ${stats.requests}, errors ${stats.errors}`,
      `  token: ${paths.tokenFile}; logs: ${paths.logDir}`,
      '',
      sessions.length === 0
        ? '  no sessions'
        : table([
            ['  NAME', 'STATUS', 'IDLE', 'PAGES', 'URL'],
            ...sessions.map((s) => [
              `  ${s.name}`,
              s.status,
              ago(s.lastActivity),
              String(s.pageCount),
              s.currentUrl,
            ]),
          ]),
    ].join('\n'),
  );
}

export const statusCommand = defineCommand({
  command: 'status',
  describe: 'Is the server running? With -v: sessions, memory, browsers',
  builder: (yargs) => yargs.option('verbose', { alias: 'v', type: 'boolean' }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    await status(paths, Boolean(args.verbose), out);
  },
});
