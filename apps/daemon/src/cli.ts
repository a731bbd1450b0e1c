import { ApiError, ConnectionError, MarketBridgeError } from '@marketbridge/client';
import yargs from 'yargs';
import { globalOptions } from './command-module.js';
import { cleanupCommand } from './commands/cleanup.js';
import { dashboardCommand } from './commands/dashboard.js';
import { logsCommand } from './commands/logs.js';
import { mcpCommand } from './commands/mcp.js';
import { restartCommand } from './commands/restart.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { sessionCommand } from './commands/session/index.js';
import { startCommand } from './commands/start.js';
import { statusCommand } from './commands/status.js';
import { stopCommand } from './commands/stop.js';
import { tokenCommand } from './commands/token.js';
import { CliError, createOutput, exitCodes } from './output.js';
import { VERSION } from './version.js';

/**
 * What the CLI adds to a server error: the server's words name API fields and options (`maxSessions`);
 * here they become the daemon's flags, and a refused token says which token was sent.
 */
const hints: Partial<Record<string, string>> = {
  too_many_sessions: 'The daemon sets the limit with --max-sessions (mb-browser restart --max-sessions <n>).',
  busy: "The daemon sets the queue's length with --max-queued-operations.",
  unauthorized:
    'The server refused the token this command sent (MB_BROWSER_TOKEN, else <home>/token): is the server running with another --home, or was its token rotated?',
};

/** A 401 for no token at all: nothing was refused, the token was not found. */
const NO_TOKEN_HINT =
  'This command sent no token: set MB_BROWSER_TOKEN, or check that <home>/token exists (is the server running with another --home?).';

function hintFor(error: ApiError): string | undefined {
  const sent = (error.details as { token?: unknown } | undefined)?.token;
  if (error.code === 'unauthorized' && sent === 'missing') return NO_TOKEN_HINT;
  return hints[error.code];
}

function describeError(error: unknown): string {
  if (error instanceof ConnectionError) return error.message;
  if (error instanceof ApiError) {
    const hint = hintFor(error);
    return `${error.serverMessage} (${error.code}, HTTP ${error.status})${hint ? `\n${hint}` : ''}`;
  }
  if (error instanceof MarketBridgeError || error instanceof Error) return error.message;
  return String(error);
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  // Errors are printed the same way with or without --json (on stderr), so this can be decided up front.
  const out = createOutput(argv.includes('--json'));
  let exitCode: number = exitCodes.ok;
  try {
    await yargs(argv)
      .scriptName('mb-browser')
      .version(VERSION)
      .usage('$0 <command> [options]\n\nPersistent browser sessions for MarketBridge and any web app.')
      .options(globalOptions)
      .command(startCommand(argv))
      .command(serveCommand)
      .command(stopCommand)
      .command(restartCommand(argv))
      .command(statusCommand)
      .command(dashboardCommand)
      .command(logsCommand)
      .command(cleanupCommand)
      .command(sessionCommand)
      .command(runCommand)
      .command(tokenCommand)
      .command(mcpCommand)
      .demandCommand(1, 'Name a command; see --help')
      .strict()
      .fail((message, error, y) => {
        // A handler's error goes on to the catch below; yargs' own message is a usage error.
        if (error) throw error;
        out.error(`${message}\n\n${y.help()}`);
        exitCode = exitCodes.usage;
      })
      .help()
      .parseAsync();
  } catch (error) {
    exitCode = error instanceof CliError ? error.exitCode : exitCodes.failure;
    const message = describeError(error);
    if (message) out.error(message);
  }
  return exitCode;
}
