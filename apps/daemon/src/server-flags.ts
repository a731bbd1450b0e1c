import type { ServerOptions } from '@marketbridge/server';
import type { Argv, Options } from 'yargs';

/** `registryFile` → `registry-file`: the flag that sets a server option. */
type KebabCase<S extends string> = S extends `${infer C}${infer Rest}`
  ? `${C extends Lowercase<C> ? C : `-${Lowercase<C>}`}${KebabCase<Rest>}`
  : S;

/**
 * Every server option as a flag, shared by `start`, `serve` and `restart`. Each flag is a
 * `ServerOptions` key in kebab case (the `satisfies` clause rejects any other), so yargs' camel-cased
 * argument is the option's key.
 */
export const serverFlags = {
  host: { type: 'string', describe: 'Listen address (default 127.0.0.1)' },
  port: { type: 'number', describe: 'Listen port (default 9247)' },
  'registry-file': {
    type: 'string',
    describe: 'Registry file (default <home>/browser_sessions_registry.json)',
  },
  'screenshots-dir': {
    type: 'string',
    describe: 'Server-side screenshots (default <home>/screenshots)',
  },
  'log-dir': { type: 'string', describe: 'Log directory (default <home>/logs)' },
  'state-dir': {
    type: 'string',
    describe: 'Session state files (default <home>/playwright_sessions)',
  },
  'max-sessions': { type: 'number', describe: 'Live sessions at most (default 20)' },
  'max-queued-operations': {
    type: 'number',
    describe: 'Operations waiting per session at most; more → 503 busy (default 100)',
  },
  'max-idle-hours': {
    type: 'number',
    describe: 'Close sessions idle longer than this (state kept)',
  },
  'max-kept-sessions': {
    type: 'number',
    describe:
      'Kept (inactive) sessions held at most; the oldest beyond it are forgotten with their state (default 100)',
  },
  'kept-session-max-age-hours': {
    type: 'number',
    describe: 'Forget kept sessions idle longer than this, with their state (default 720 = 30 days)',
  },
  'browser-endpoint': {
    type: 'string',
    describe: 'Use a Playwright browser server (ws://...)',
  },
  'recycle-after-minutes': {
    type: 'number',
    describe: "Replace a session's browser context by a fresh one at this age (state kept; default off)",
  },
  'recycle-after-operations': {
    type: 'number',
    describe: 'Also recycle a context after this many operations (default off)',
  },
  'allow-file-urls': {
    type: 'boolean',
    describe: 'Allow file:, chrome:, data: ... URLs',
  },
  cdp: {
    type: 'boolean',
    describe:
      'Let CDP clients (Playwright, Puppeteer, DevTools) attach to Chromium sessions at ws://…/sessions/<id>/cdp (default on; --no-cdp turns it off)',
  },
  'warm-contexts': {
    type: 'number',
    describe:
      'Ready browser contexts kept per browser kind, so new sessions start at once (default 1, at most 8; 0 is off)',
  },
  warm: {
    type: 'boolean',
    describe: 'Keep ready browser contexts for new sessions (default on; --no-warm turns it off)',
  },
  prelaunch: {
    type: 'boolean',
    describe:
      'Launch the browser and its ready contexts at start, so the first session does not wait (default on with the warm pool; --no-prelaunch turns it off)',
  },
  token: { type: 'string', describe: 'Use this API token instead of the generated one' },
  'no-auth': { type: 'boolean', describe: 'Serve without a token (loopback only)' },
  'metrics-open-on-loopback': {
    type: 'boolean',
    describe:
      'Let a scraper on this machine read GET /metrics without the token (loopback address, no proxy headers; Host/Origin checks still apply)',
  },
  'allowed-hosts': {
    type: 'array',
    string: true,
    describe: 'Extra Host header names to accept',
  },
  'body-limit': { type: 'string', describe: 'Largest request body (default 2mb)' },
  'request-timeout-ms': {
    type: 'number',
    describe: 'Bound of one request (default 60000)',
  },
  'operation-timeout-ms': {
    type: 'number',
    describe: 'Default browser operation timeout (30000)',
  },
  'executable-path': {
    type: 'string',
    describe: 'Browser binary (default: found automatically)',
  },
  'log-level': { type: 'string', describe: 'Log file level (default http)' },
} satisfies { [K in keyof ServerOptions as KebabCase<K>]?: Options };

/** The flags of `start`, `serve` and `restart`: every server option, and how long `start` waits. */
export function withStartFlags<T>(yargs: Argv<T>) {
  return yargs
    .options(serverFlags)
    .option('wait-ms', { type: 'number', default: 60_000, describe: 'How long start waits for /health' });
}

/**
 * ServerOptions from parsed arguments (yargs camel-cases flags; `--no-auth` arrives as `auth: false`),
 * after `given` (home, console log level). Flags not given are left out, so the server's defaults apply.
 */
export function serverOptionsFrom(
  args: Record<string, unknown>,
  given: { home: string; consoleLogLevel: string },
): ServerOptions {
  const options: Record<string, unknown> = { ...given };
  for (const flag of Object.keys(serverFlags)) {
    const key = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = args[key];
    if (value !== undefined) options[key] = value;
  }
  if (args.auth === false) options.noAuth = true;
  // Strings from the command line and the environment (the log levels too) go in unchecked:
  // createServer validates every option and its error names the bad one.
  return options as ServerOptions;
}
