import { commandContext, defineCommand } from '../../command-module.js';
import { clientFor } from './client.js';

export const navigateCommand = defineCommand({
  command: 'navigate <name> <url>',
  describe: 'Go to a URL',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .positional('url', { type: 'string', demandOption: true }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const session = await clientFor(paths).getSession(args.name);
    const result = await session.navigate(args.url);
    out.result(result, () => `${args.name}: ${result.status ?? '-'} ${result.url} — ${result.title}`);
  },
});
