import { commandContext, defineCommand } from '../../command-module.js';
import { clientFor } from './client.js';
import { describeSession } from './describe.js';

export const recycleCommand = defineCommand({
  command: 'recycle <name>',
  describe: "Replace the session's browser context by a fresh one (state, pages, id kept)",
  builder: (yargs) => yargs.positional('name', { type: 'string', demandOption: true }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const session = await clientFor(paths).getSession(args.name);
    const durationMs = await session.recycle();
    out.result(
      { ...session.info, durationMs },
      () =>
        `Recycled the context of ${args.name} in ${durationMs} ms (same id, pages and state).\n${describeSession(session.info)}`,
    );
  },
});
