import type { ArgumentsCamelCase, Argv, CommandModule, InferredOptionTypes, Options } from 'yargs';
import { createOutput, type Output } from './output.js';
import { type DaemonPaths, daemonPaths, type PathFlags } from './paths.js';

/** The options every command takes; the CLI registers them once, as global options. */
export const globalOptions = {
  home: { type: 'string', describe: 'MARKETBRIDGE_HOME (default ~/.marketbridge)', global: true },
  json: { type: 'boolean', describe: 'Machine-readable output', global: true },
} satisfies Record<string, Options>;

export type GlobalArgs = InferredOptionTypes<typeof globalOptions>;

/**
 * A command module for the CLI. Written as one object literal, TypeScript infers `U` from `builder`
 * before it checks `handler`, so the handler's arguments are typed by the options the builder declares.
 * Handlers throw on failure; the CLI turns the error into a message and an exit code.
 */
export function defineCommand<U>(module: {
  command: string;
  describe: string;
  builder: (yargs: Argv<GlobalArgs>) => Argv<U>;
  handler: (args: ArgumentsCamelCase<U>) => Promise<void>;
}): CommandModule<GlobalArgs, U> {
  return module;
}

/** What a handler works with: where this home's files are, and output shaped by `--json`. */
export interface CommandContext {
  paths: DaemonPaths;
  out: Output;
}

/** The paths follow `--home` and, for the server commands, the path flags (`--log-dir`, ...). */
export function commandContext(args: GlobalArgs & PathFlags): CommandContext {
  return { out: createOutput(Boolean(args.json)), paths: daemonPaths(args) };
}
