import { spawn } from 'node:child_process';
import { closeSync, fchmodSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serverUrlOf } from '@marketbridge/api-types/home';
import { commandContext, defineCommand } from '../command-module.js';
import { fetchHealth } from '../health.js';
import { CliError, type Output } from '../output.js';
import type { DaemonPaths } from '../paths.js';
import { isAlive, readPidFile, removePidFile } from '../pid-file.js';
import { withStartFlags } from '../server-flags.js';
import { dashboardLink } from './dashboard.js';

const binPath = fileURLToPath(new URL('../bin.js', import.meta.url));

function portFree(host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once('error', (error) => resolve(error as NodeJS.ErrnoException));
    probe.listen(port, host, () => probe.close(() => resolve(undefined)));
  });
}

function tail(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export interface StartArgs {
  host: string;
  port: number;
  /** The server flags as given, passed on to `serve` in the background process. */
  serveArgs: string[];
  waitMs: number;
}

/** Starts `mb-browser serve` detached and waits until /health answers. */
export async function start(
  paths: DaemonPaths,
  args: StartArgs,
  out: Output,
): Promise<{ url: string; pid: number; already: boolean }> {
  const state = readPidFile(paths.pidFile);
  if (state.kind === 'running') {
    const url = serverUrlOf(state.info);
    out.info(`mb-browser is already running at ${url} (pid ${state.info.pid}).`);
    return { url, pid: state.info.pid, already: true };
  }
  if (state.kind === 'stale') {
    out.info(`Removing a stale PID file: ${state.reason}.`);
    removePidFile(paths.pidFile);
  }
  if (args.port !== 0) {
    const error = await portFree(args.host, args.port);
    if (error) {
      throw new CliError(
        error.code === 'EADDRINUSE'
          ? `port ${args.port} on ${args.host} is already in use by another program. Stop that program, or start on another port: mb-browser start --port <port>`
          : `cannot listen on ${args.host}:${args.port}: ${error.message}`,
      );
    }
  }

  mkdirSync(paths.logDir, { recursive: true, mode: 0o700 });
  // 0600 like every file of the home (the mode only applies when the file is created; fix an old one).
  const log = openSync(paths.daemonLog, 'a', 0o600);
  fchmodSync(log, 0o600);
  const child = spawn(process.execPath, [binPath, 'serve', '--home', paths.home, ...args.serveArgs], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, MB_CONSOLE_LOG_LEVEL: process.env.MB_CONSOLE_LOG_LEVEL ?? 'warn' },
  });
  closeSync(log);
  child.unref();
  out.info(`Starting mb-browser (pid ${child.pid})...`);

  const deadline = Date.now() + args.waitMs;
  while (Date.now() < deadline) {
    if (!isAlive(child.pid as number)) {
      throw new CliError(
        `the server exited during start-up. Last lines of ${paths.daemonLog}:\n${tail(paths.daemonLog, 15)}`,
      );
    }
    const now = readPidFile(paths.pidFile);
    if (now.kind === 'running' && now.info.pid === child.pid) {
      const url = serverUrlOf(now.info);
      if (await fetchHealth(url)) return { url, pid: child.pid as number, already: false };
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new CliError(
    `the server did not answer within ${args.waitMs} ms (pid ${child.pid} left running). See ${paths.daemonLog}.`,
  );
}

/** Server flags exactly as the user typed them, for the background `serve` (minus `--home`, passed apart). */
export function serveArgsFrom(raw: readonly string[]): string[] {
  // Flags of start/restart themselves, not of the server: dropped with their value, in either form
  // (`--wait-ms 5000` or `--wait-ms=5000`). `--home` is passed to serve apart.
  const own = new Set(['--home', '--wait-ms', '--waitMs', '--timeout-ms', '--timeoutMs']);
  const out: string[] = [];
  const args = raw.values();
  for (const arg of args) {
    if (own.has(arg)) {
      args.next(); // its value
      continue;
    }
    const name = arg.split('=')[0] as string;
    if (own.has(name) || arg === '--json' || arg === 'start' || arg === 'restart') continue;
    out.push(arg);
  }
  return out;
}

/** `start` and the second half of `restart`: start, then print where things are and a dashboard link. */
export async function startAndReport(
  argv: readonly string[],
  args: { host: string | undefined; port: number | undefined; waitMs: number },
  paths: DaemonPaths,
  out: Output,
): Promise<void> {
  const result = await start(
    paths,
    {
      host: args.host ?? '127.0.0.1',
      port: args.port ?? 9247,
      serveArgs: serveArgsFrom(argv),
      waitMs: args.waitMs,
    },
    out,
  );
  // A one-time dashboard link; start has succeeded even if this fails (e.g. an older server).
  const link = await dashboardLink(result.url, paths.tokenFile).catch(() => undefined);
  const dashboardLine = link
    ? `\n  dashboard: ${link.url}\n             (one-time link, valid 2 minutes; \`mb-browser dashboard\` prints another)`
    : '';
  out.result(
    {
      ...result,
      tokenFile: paths.tokenFile,
      logDir: paths.logDir,
      ...(link ? { dashboard: link.url } : {}),
    },
    () =>
      result.already
        ? `Already running at ${result.url}.${dashboardLine}`
        : `mb-browser running at ${result.url} (pid ${result.pid})\n  token: ${paths.tokenFile}\n  logs:  ${paths.logDir}${dashboardLine}`,
  );
}

/** `argv` is the whole command line: the background `serve` gets the server flags as they were typed. */
export function startCommand(argv: readonly string[]) {
  return defineCommand({
    command: 'start',
    describe: 'Start the server in the background and wait until it answers',
    builder: (yargs) => withStartFlags(yargs),
    handler: async (args) => {
      const { paths, out } = commandContext(args);
      await startAndReport(argv, args, paths, out);
    },
  });
}
