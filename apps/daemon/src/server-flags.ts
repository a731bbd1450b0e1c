import type { ServerOptions } from '@marketbridge/server';
import type { Options } from 'yargs';

type Flag = Options & { key: keyof ServerOptions };

/** Every server option as a flag, shared by `start`, `serve` and `restart`. */
export const serverFlags: Record<string, Flag> = {
  host: { key: 'host', type: 'string', describe: 'Listen address (default 127.0.0.1)' },
  port: { key: 'port', type: 'number', describe: 'Listen port (default 9247)' },
  'registry-file': {
    key: 'registryFile',
    type: 'string',
    describe: 'Registry file (default <home>/browser_sessions_registry.json)',
  },
  'screenshots-dir': {
    key: 'screenshotsDir',
    type: 'string',
    describe: 'Server-side screenshots (default <home>/screenshots)',
  },
  'log-dir': { key: 'logDir', type: 'string', describe: 'Log directory (default <home>/logs)' },
  'state-dir': {
    key: 'stateDir',
    type: 'string',
    describe: 'Session state files (default <home>/playwright_sessions)',
  },
  'max-sessions': { key: 'maxSessions', type: 'number', describe: 'Live sessions at most (default 20)' },
  'max-queued-operations': {
    key: 'maxQueuedOperations',
    type: 'number',
    describe: 'Operations waiting per session at most; more → 503 busy (default 100)',
  },
  'max-idle-hours': {
    key: 'maxIdleHours',
    type: 'number',
    describe: 'Close sessions idle longer than this (state kept)',
  },
  'browser-endpoint': {
    key: 'browserEndpoint',
    type: 'string',
    describe: 'Use a Playwright browser server (ws://...)',
  },
  'recycle-after-minutes': {
    key: 'recycleAfterMinutes',
    type: 'number',
    describe: "Replace a session's browser context by a fresh one at this age (state kept; default off)",
  },
  'recycle-after-operations': {
    key: 'recycleAfterOperations',
    type: 'number',
    describe: 'Also recycle a context after this many operations (default off)',
  },
  'allow-file-urls': {
    key: 'allowFileUrls',
    type: 'boolean',
    describe: 'Allow file:, chrome:, data: ... URLs',
  },
  token: { key: 'token', type: 'string', describe: 'Use this API token instead of the generated one' },
  'no-auth': { key: 'noAuth', type: 'boolean', describe: 'Serve without a token (loopback only)' },
  'allowed-hosts': {
    key: 'allowedHosts',
    type: 'array',
    string: true,
    describe: 'Extra Host header names to accept',
  },
  'body-limit': { key: 'bodyLimit', type: 'string', describe: 'Largest request body (default 2mb)' },
  'request-timeout-ms': {
    key: 'requestTimeoutMs',
    type: 'number',
    describe: 'Bound of one request (default 60000)',
  },
  'operation-timeout-ms': {
    key: 'operationTimeoutMs',
    type: 'number',
    describe: 'Default browser operation timeout (30000)',
  },
  'executable-path': {
    key: 'executablePath',
    type: 'string',
    describe: 'Browser binary (default: found automatically)',
  },
  'log-level': { key: 'logLevel', type: 'string', describe: 'Log file level (default http)' },
};

/** The flags yargs should know (without our `key`). */
export function yargsServerOptions(): Record<string, Options> {
  return Object.fromEntries(
    Object.entries(serverFlags).map(([flag, { key: _key, ...rest }]) => [flag, rest]),
  );
}

/** ServerOptions from parsed argv (yargs camel-cases flags; `--no-auth` arrives as `auth: false`). */
export function serverOptionsFrom(argv: Record<string, unknown>, home: string): ServerOptions {
  const options: Record<string, unknown> = { home };
  for (const [flag, { key }] of Object.entries(serverFlags)) {
    const camel = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = argv[camel];
    if (value !== undefined) options[key] = value;
  }
  if (argv.auth === false) options.noAuth = true;
  return options as ServerOptions;
}
