import { commandContext, defineCommand } from '../../command-module.js';
import { clientFor } from './client.js';

export const execCommand = defineCommand({
  command: 'exec <name> <script>',
  describe: 'Run JavaScript in the page and print the result',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .positional('script', { type: 'string', demandOption: true }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const session = await clientFor(paths).getSession(args.name);
    const result = await session.executeJs(args.script);
    out.result({ result }, () => (typeof result === 'string' ? result : JSON.stringify(result, null, 2)));
  },
});
