import type { ServerOptions } from '@marketbridge/server';
import { commandContext, defineCommand } from '../command-module.js';
import { CliError, type Output } from '../output.js';
import type { DaemonPaths } from '../paths.js';
import { readPidFile, removePidFile, writePidFile } from '../pid-file.js';
import { serverOptionsFrom, withStartFlags } from '../server-flags.js';
import { VERSION } from '../version.js';

/** Runs the server in the foreground until SIGTERM/SIGINT, owning the PID file meanwhile. */
export async function serve(paths: DaemonPaths, options: ServerOptions, out: Output): Promise<void> {
  const existing = readPidFile(paths.pidFile);
  if (existing.kind === 'running' && existing.info.pid !== process.pid) {
    throw new CliError(
      `a server is already running (pid ${existing.info.pid}, http://${existing.info.host}:${existing.info.port}). Stop it first: mb-browser stop`,
    );
  }
  // Loaded here, not at the top: every other command starts without the server and the browser code.
  const { createServer } = await import('@marketbridge/server');
  const server = await createServer(options);
  writePidFile(paths.pidFile, {
    pid: process.pid,
    port: server.port,
    host: options.host ?? '127.0.0.1',
    startedAt: new Date().toISOString(),
    version: VERSION,
  });
  out.info(
    `mb-browser: serving ${server.url} (pid ${process.pid}); token in ${paths.tokenFile}; logs in ${paths.logDir}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    out.info(`mb-browser: ${signal}: saving sessions and stopping`);
    try {
      await server.close();
    } finally {
      removePidFile(paths.pidFile, process.pid);
    }
    out.info('mb-browser: stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await new Promise(() => undefined);
}

export const serveCommand = defineCommand({
  command: 'serve',
  describe: 'Run the server in the foreground (systemd, containers, debugging)',
  builder: (yargs) => withStartFlags(yargs),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const consoleLogLevel = process.env.MB_CONSOLE_LOG_LEVEL ?? 'info';
    await serve(paths, serverOptionsFrom(args, { home: paths.home, consoleLogLevel }), out);
  },
});
