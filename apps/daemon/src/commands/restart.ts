import { commandContext, defineCommand } from '../command-module.js';
import { withStartFlags } from '../server-flags.js';
import { startAndReport } from './start.js';
import { stop } from './stop.js';

/** `argv` is the whole command line: the background `serve` gets the server flags as they were typed. */
export function restartCommand(argv: readonly string[]) {
  return defineCommand({
    command: 'restart',
    describe: 'Stop, then start again',
    builder: (yargs) => withStartFlags(yargs).option('timeout-ms', { type: 'number', default: 20_000 }),
    handler: async (args) => {
      const { paths, out } = commandContext(args);
      await stop(paths, args.timeoutMs, out);
      await startAndReport(argv, args, paths, out);
    },
  });
}
