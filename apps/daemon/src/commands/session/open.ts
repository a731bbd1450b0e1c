import { commandContext, defineCommand } from '../../command-module.js';
import { clientFor } from './client.js';
import { describeSession } from './describe.js';

export const openCommand = defineCommand({
  command: 'open <name>',
  describe: 'Reuse or create a session and go to MarketBridge (or --url)',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .option('marketbridge', { type: 'boolean' })
      .option('url', { type: 'string' })
      .option('headed', { type: 'boolean' }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const target =
      args.url ?? (args.marketbridge ? (process.env.MARKETBRIDGE_URL ?? 'http://localhost:8080') : undefined);
    const session = await clientFor(paths).createSession(args.name, { reuse: true, headless: !args.headed });
    // Go there only when the page is not already on it: reopening keeps the user's place.
    if (target && !session.info.currentUrl.startsWith(target.replace(/\/$/, '')))
      await session.navigate(target);
    const info = await session.refresh();
    out.result(info, () => describeSession(info));
  },
});
