import { commandContext, defineCommand } from '../../command-module.js';
import { clientFor } from './client.js';

export const deleteCommand = defineCommand({
  command: 'delete <name>',
  describe: 'Close and forget a session',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .option('keep-state', { type: 'boolean' }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const result = await clientFor(paths).deleteSession(args.name, { keepState: args.keepState ?? false });
    out.result(result, () => `Deleted ${result.name}${result.stateKept ? ' (state kept)' : ''}.`);
  },
});
