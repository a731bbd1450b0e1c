import { commandContext, defineCommand } from '../../command-module.js';
import { clientFor } from './client.js';
import { describeSession } from './describe.js';

export const showCommand = defineCommand({
  command: 'show <name>',
  describe: 'Show one session',
  builder: (yargs) => yargs.positional('name', { type: 'string', demandOption: true }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const session = await clientFor(paths).getSession(args.name);
    out.result(session.info, () => describeSession(session.info));
  },
});
