import { resolve } from 'node:path';
import { commandContext, defineCommand } from '../../command-module.js';
import { clientFor } from './client.js';

export const screenshotCommand = defineCommand({
  command: 'screenshot <name> [file]',
  describe: 'Save a PNG screenshot',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .positional('file', { type: 'string' })
      .option('full-page', { type: 'boolean' }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const session = await clientFor(paths).getSession(args.name);
    const file = resolve(args.file ?? `${args.name}_${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
    const bytes = await session.screenshot(file, { fullPage: args.fullPage ?? false });
    out.result({ file, bytes: bytes.length }, () => `Saved ${file} (${bytes.length} bytes)`);
  },
});
