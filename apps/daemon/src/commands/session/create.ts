import { commandContext, defineCommand } from '../../command-module.js';
import { CliError, exitCodes } from '../../output.js';
import { clientFor } from './client.js';
import { describeSession } from './describe.js';
import { profileFlags, profileOptions } from './profile-flags.js';
import { readStorageState } from './storage.js';

export function parseViewport(value: string | undefined): { width: number; height: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)x(\d+)$/.exec(value);
  if (!match) throw new CliError(`--viewport must look like 1280x800, not "${value}"`, exitCodes.usage);
  return { width: Number(match[1]), height: Number(match[2]) };
}

export const createCommand = defineCommand({
  command: 'create <name>',
  describe: 'Create a session',
  builder: (yargs) =>
    profileFlags(
      yargs
        .positional('name', { type: 'string', demandOption: true })
        .option('headed', { type: 'boolean' })
        .option('url', { type: 'string' })
        .option('viewport', { type: 'string', describe: 'e.g. 1280x800' })
        .option('storage-state', {
          type: 'string',
          describe: 'Start from this storage-state JSON file (what session export writes)',
        }),
    ),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const viewport = parseViewport(args.viewport);
    const profile = profileOptions(args);
    const storageState = args.storageState ? await readStorageState(args.storageState) : undefined;
    const session = await clientFor(paths).createSession(args.name, {
      headless: !args.headed,
      ...(args.url ? { url: args.url } : {}),
      ...(viewport ? { viewport } : {}),
      ...profile,
      ...(storageState ? { storageState } : {}),
    });
    out.result(session.info, () => `Created ${describeSession(session.info)}`);
  },
});
