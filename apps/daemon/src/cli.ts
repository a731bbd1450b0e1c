import { ApiError, ConnectionError, MarketBridgeError } from '@marketbridge/client';
import yargs from 'yargs';
import { globalOptions } from './command-module.js';
import { cleanup, describeCleanup } from './commands/cleanup.js';
import { dashboard, dashboardLink } from './commands/dashboard.js';
import { logs } from './commands/logs.js';
import { run } from './commands/run.js';
import { serve } from './commands/serve.js';
import { sessionCommand } from './commands/session/index.js';
import { start } from './commands/start.js';
import { status } from './commands/status.js';
import { stop } from './commands/stop.js';
import { CliError, createOutput, exitCodes, type Output } from './output.js';
import { daemonPaths } from './paths.js';
import { serverOptionsFrom, withStartFlags } from './server-flags.js';
import { VERSION } from './version.js';

type Args = Record<string, unknown> & { json?: boolean; home?: string };

/** Server flags exactly as the user typed them, for the background `serve` (minus `--home`, passed apart). */
function serveArgsFrom(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const arg = raw[i] as string;
    if (arg === '--home' || arg === '--json') {
      if (arg === '--home') i++;
      continue;
    }
    if (arg.startsWith('--home=') || arg.startsWith('--wait-ms') || arg === 'start' || arg === 'restart')
      continue;
    out.push(arg);
  }
  return out;
}

function describeError(error: unknown): string {
  if (error instanceof ConnectionError) return error.message;
  if (error instanceof ApiError) return `${error.serverMessage} (${error.code}, HTTP ${error.status})`;
  if (error instanceof MarketBridgeError || error instanceof Error) return error.message;
  return String(error);
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = exitCodes.ok;
  let out: Output = createOutput(argv.includes('--json'));
  const act =
    (fn: (args: Args, paths: ReturnType<typeof daemonPaths>) => Promise<unknown>) => async (args: Args) => {
      out = createOutput(Boolean(args.json));
      try {
        await fn(args, daemonPaths(args));
      } catch (error) {
        exitCode = error instanceof CliError ? error.exitCode : exitCodes.failure;
        const message = describeError(error);
        if (message) out.error(message);
      }
    };

  const startCmd = async (args: Args, paths: ReturnType<typeof daemonPaths>) => {
    const result = await start(
      paths,
      {
        host: (args.host as string) ?? '127.0.0.1',
        port: (args.port as number) ?? 9247,
        serveArgs: serveArgsFrom(argv),
        waitMs: args.waitMs as number,
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
  };

  try {
    await yargs(argv)
      .scriptName('mb-browser')
      .version(VERSION)
      .usage('$0 <command> [options]\n\nPersistent browser sessions for MarketBridge and any web app.')
      .options(globalOptions)
      .command(
        'start',
        'Start the server in the background and wait until it answers',
        withStartFlags,
        act(startCmd),
      )
      .command(
        'serve',
        'Run the server in the foreground (systemd, containers, debugging)',
        withStartFlags,
        act(async (args, paths) => {
          const consoleLogLevel = process.env.MB_CONSOLE_LOG_LEVEL ?? 'info';
          await serve(paths, serverOptionsFrom(args, { home: paths.home, consoleLogLevel }), out);
        }),
      )
      .command(
        'stop',
        'Stop the server: save sessions, then exit',
        (y) =>
          y.option('timeout-ms', { type: 'number', default: 20_000, describe: 'SIGKILL after this long' }),
        act(async (args, paths) => {
          const result = await stop(paths, args.timeoutMs as number, out);
          if (out.json) out.result(result);
        }),
      )
      .command(
        'restart',
        'Stop, then start again',
        (y) => withStartFlags(y).option('timeout-ms', { type: 'number', default: 20_000 }),
        act(async (args, paths) => {
          await stop(paths, args.timeoutMs as number, out);
          await startCmd(args, paths);
        }),
      )
      .command(
        'status',
        'Is the server running? With -v: sessions, memory, browsers',
        (y) => y.option('verbose', { alias: 'v', type: 'boolean' }),
        act((args, paths) => status(paths, Boolean(args.verbose), out)),
      )
      .command(
        'dashboard',
        'Print a one-time link that opens the live dashboard (valid 2 minutes, works once)',
        {},
        act(async (_args, paths) => {
          const link = await dashboard(paths);
          out.result(link, () =>
            [
              `Open the dashboard: ${link.url}`,
              '  The link works once, within 2 minutes; the page keeps the token for that tab only.',
              `  Or open ${link.url.split('#')[0]} and paste the token from ${paths.tokenFile}.`,
            ].join('\n'),
          );
        }),
      )
      .command(
        'logs',
        'Show the server log',
        (y) =>
          y
            .option('lines', { alias: 'n', type: 'number', default: 100 })
            .option('follow', { alias: 'f', type: 'boolean', default: false })
            .option('daemon', {
              type: 'boolean',
              default: false,
              describe: 'The daemon log instead of the server log',
            }),
        act((args, paths) =>
          logs(
            paths,
            { lines: args.lines as number, follow: Boolean(args.follow), daemon: Boolean(args.daemon) },
            out,
          ),
        ),
      )
      .command(
        'cleanup',
        'Remove old sessions, a stale PID file, orphaned state files and old screenshots',
        (y) => y.option('max-age-hours', { type: 'number', default: 24 }),
        act(async (args, paths) => {
          const result = await cleanup(paths, args.maxAgeHours as number, out);
          out.result(result, () => describeCleanup(result));
        }),
      )
      .command(sessionCommand)
      .command(
        'run <name> <script>',
        'Run a snippet module against a session (reused or created)',
        (y) =>
          y
            .positional('name', { type: 'string', demandOption: true })
            .positional('script', { type: 'string', demandOption: true }),
        act((a, p) => run(p, a as never, out)),
      )
      .demandCommand(1, 'Name a command; see --help')
      .strict()
      .fail((message, error, y) => {
        if (error) throw error;
        out.error(`${message}\n\n${y.help()}`);
        exitCode = exitCodes.usage;
      })
      .help()
      .parseAsync();
  } catch (error) {
    // The session subcommands throw; the other commands still catch in act.
    exitCode = error instanceof CliError ? error.exitCode : exitCodes.failure;
    const message = describeError(error);
    if (message) out.error(message);
  }
  return exitCode;
}
