import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { commandContext, defineCommand } from '../command-module.js';
import { CliError, type Output } from '../output.js';
import type { DaemonPaths } from '../paths.js';

/** Prints the last `lines` lines of the server (or daemon) log, then with `follow` what is appended. */
export async function logs(
  paths: DaemonPaths,
  args: { lines: number; follow: boolean; daemon: boolean },
  out: Output,
  signal?: AbortSignal,
): Promise<void> {
  const file = args.daemon ? paths.daemonLog : paths.serverLog;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliError(`no log at ${file} yet (has the server been started with this home?)`);
  }
  const all = text.trimEnd().split('\n');
  process.stdout.write(`${all.slice(-args.lines).join('\n')}\n`);
  if (!args.follow) return;
  out.info(`--- following ${file} (Ctrl-C to stop) ---`);
  let position = Buffer.byteLength(text);
  while (!signal?.aborted) {
    await new Promise((r) => setTimeout(r, 300));
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      continue;
    }
    if (size < position) position = 0; // rotated
    if (size === position) continue;
    const fd = openSync(file, 'r');
    const chunk = Buffer.alloc(size - position);
    readSync(fd, chunk, 0, chunk.length, position);
    closeSync(fd);
    position = size;
    process.stdout.write(chunk);
  }
}

export const logsCommand = defineCommand({
  command: 'logs',
  describe: 'Show the server log',
  builder: (yargs) =>
    yargs
      .option('lines', { alias: 'n', type: 'number', default: 100 })
      .option('follow', { alias: 'f', type: 'boolean', default: false })
      .option('daemon', {
        type: 'boolean',
        default: false,
        describe: 'The daemon log instead of the server log',
      }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    await logs(paths, { lines: args.lines, follow: args.follow, daemon: args.daemon }, out);
  },
});
