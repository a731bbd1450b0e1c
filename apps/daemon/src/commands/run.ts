import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { commandContext, defineCommand } from '../command-module.js';
import { CliError, exitCodes, type Output } from '../output.js';
import type { DaemonPaths } from '../paths.js';
import { clientFor } from './session/client.js';

type Snippet = (context: Record<string, unknown>) => unknown;

/**
 * Runs a snippet module (`export default async ({ session, client, controller }) => ...`) against the
 * named session, reused or created, so a developer edits the snippet and reruns it against the same page.
 */
export async function run(
  paths: DaemonPaths,
  a: { name: string; script: string },
  out: Output,
): Promise<void> {
  const file = resolve(a.script);
  if (!existsSync(file)) throw new CliError(`no snippet at ${file}`, exitCodes.usage);
  const url = pathToFileURL(file).href;
  // tsx and the controller are loaded by this command only, so that the others start without them.
  const load = /\.[cm]?ts$/.test(file)
    ? async () => (await import('tsx/esm/api')).tsImport(url, import.meta.url)
    : () => import(url);
  const mod = (await load()) as {
    default?: Snippet | { default?: Snippet };
  };
  // A .ts file outside an ESM package loads as CommonJS: its default export sits one level down.
  const snippet = typeof mod.default === 'function' ? mod.default : mod.default?.default;
  if (typeof snippet !== 'function') {
    throw new CliError(
      `${a.script} must export a default function: export default async ({ session }) => { ... }`,
      exitCodes.usage,
    );
  }
  const client = clientFor(paths);
  const session = await client.createSession(a.name, { reuse: true });
  // The same session, seen through the MarketBridge controller; it navigates only when asked to.
  const { BrowserController } = await import('@marketbridge/controller');
  const controller = new BrowserController({
    client,
    logger: { info: (m) => out.info(m), warn: (m) => out.info(`warning: ${m}`) },
  });
  await controller.startSession(a.name, { autoNavigate: false });
  const context = { session, client, controller };
  const result = await snippet(context);
  out.result({ session: session.name, result: result ?? null }, () =>
    result === undefined ? `Ran ${a.script} against ${session.name}.` : JSON.stringify(result, null, 2),
  );
}

export const runCommand = defineCommand({
  command: 'run <name> <script>',
  describe: 'Run a snippet module against a session (reused or created)',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .positional('script', { type: 'string', demandOption: true }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    await run(paths, args, out);
  },
});
