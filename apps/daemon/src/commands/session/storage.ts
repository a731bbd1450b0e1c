import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Cookie, StorageState } from '@marketbridge/client';
import { commandContext, defineCommand } from '../../command-module.js';
import { CliError, table } from '../../output.js';
import { clientFor } from './client.js';
import { describeSession } from './describe.js';
import { profileFlags, profileOptions } from './profile-flags.js';

/** A storage-state file (Playwright's format, as `session export` writes it); the server checks its shape. */
export async function readStorageState(file: string): Promise<StorageState> {
  let text: string;
  try {
    text = await readFile(resolve(file), 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as StorageState;
  } catch {
    throw new CliError(`${file} is not JSON: a storage state is what \`mb-browser session export\` writes`);
  }
}

const counts = (state: { cookies: unknown[]; origins: unknown[] }) =>
  `${state.cookies.length} cookie(s), ${state.origins.length} origin(s) with localStorage`;

function describeCookies(cookies: Cookie[]): string {
  if (cookies.length === 0) return 'No cookies.';
  const expires = (c: Cookie) => (c.expires < 0 ? 'session' : new Date(c.expires * 1000).toISOString());
  const flags = (c: Cookie) =>
    [c.httpOnly ? 'httpOnly' : '', c.secure ? 'secure' : '', c.sameSite].filter(Boolean).join(',');
  const value = (v: string) => (v.length > 40 ? `${v.slice(0, 39)}…` : v);
  return table([
    ['NAME', 'VALUE', 'DOMAIN', 'PATH', 'EXPIRES', 'FLAGS'],
    ...cookies.map((c) => [c.name, value(c.value), c.domain, c.path, expires(c), flags(c)]),
  ]);
}

export const cookiesCommand = defineCommand({
  command: 'cookies <name>',
  describe: "List a session's cookies, or remove them with --clear",
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .option('url', { type: 'string', describe: 'Only the cookies this URL gets' })
      .option('cookie', { type: 'string', describe: 'Only cookies of this name' })
      .option('domain', { type: 'string', describe: 'With --clear: only cookies of this domain' })
      .option('clear', {
        type: 'boolean',
        describe: 'Remove the cookies (all, or those --cookie / --domain name)',
      }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const session = await clientFor(paths).getSession(args.name);
    if (args.clear) {
      const cleared = await session.clearCookies({
        ...(args.cookie !== undefined ? { name: args.cookie } : {}),
        ...(args.domain !== undefined ? { domain: args.domain } : {}),
      });
      out.result(
        cleared,
        () => `Removed ${cleared.removed} cookie(s) of ${args.name}; ${cleared.cookies} left`,
      );
      return;
    }
    const cookies = await session.cookies({
      ...(args.url !== undefined ? { url: args.url } : {}),
      ...(args.cookie !== undefined ? { name: args.cookie } : {}),
    });
    out.result({ cookies }, () => describeCookies(cookies));
  },
});

export const exportCommand = defineCommand({
  command: 'export <name> [file]',
  describe:
    "Write a session's cookies and localStorage (Playwright's storage-state JSON) to a file, or print it",
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .positional('file', { type: 'string', describe: 'Where to write it (mode 0600); default: stdout' }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const session = await clientFor(paths).getSession(args.name);
    if (!args.file) {
      // The state itself is the output, human or --json: it is what `import` and Playwright read.
      process.stdout.write(`${JSON.stringify(await session.storageState(), null, 2)}\n`);
      return;
    }
    const file = resolve(args.file);
    const state = await session.storageState(file);
    out.result(
      { file, cookies: state.cookies.length, origins: state.origins.length },
      () => `Wrote ${file}: ${counts(state)}`,
    );
  },
});

export const importCommand = defineCommand({
  command: 'import <name> <file>',
  describe: 'Create a session from a storage-state file (what session export or Playwright writes)',
  builder: (yargs) =>
    profileFlags(
      yargs
        .positional('name', { type: 'string', demandOption: true })
        .positional('file', { type: 'string', demandOption: true })
        .option('headed', { type: 'boolean' })
        .option('url', { type: 'string' }),
    ),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const storageState = await readStorageState(args.file);
    const profile = profileOptions(args);
    const session = await clientFor(paths).createSession(args.name, {
      headless: !args.headed,
      ...(args.url ? { url: args.url } : {}),
      ...profile,
      storageState,
    });
    out.result(
      session.info,
      () => `Created ${describeSession(session.info)}\n  from ${args.file}: ${counts(storageState)}`,
    );
  },
});

export const cloneCommand = defineCommand({
  command: 'clone <name> <new-name>',
  describe: "A new session with this one's options, cookies and localStorage",
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .positional('new-name', { type: 'string', demandOption: true })
      .option('with-pages', { type: 'boolean', describe: "Open the original's page URLs too" }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const original = await clientFor(paths).getSession(args.name);
    const copy = await original.clone(args.newName, args.withPages ? { withPages: true } : {});
    out.result(copy.info, () => `Cloned ${args.name} into ${describeSession(copy.info)}`);
  },
});
