import type { CreateSessionOptions } from '@marketbridge/client';
import type { Argv } from 'yargs';
import { CliError, exitCodes } from '../../output.js';

/**
 * The profile flags of `session create` (and `session import`): each maps to one create option of the
 * API, which checks the values; here only their shape on the command line is read.
 */
export function profileFlags<T>(yargs: Argv<T>) {
  return (
    yargs
      .option('user-agent', { type: 'string', describe: 'navigator.userAgent and the User-Agent header' })
      .option('locale', { type: 'string', describe: 'e.g. de-DE: navigator.language, Accept-Language' })
      .option('timezone', { type: 'string', describe: 'IANA time zone, e.g. Europe/Berlin' })
      .option('geolocation', {
        type: 'string',
        describe: 'lat,lon[,accuracy]: grants the geolocation permission too',
      })
      .option('permission', { type: 'string', array: true, describe: 'Grant a permission (repeatable)' })
      // Checked here rather than with yargs' `choices`: a failed `choices` check still ran the handler.
      .option('color-scheme', { type: 'string', describe: 'light, dark or no-preference' })
      .option('header', {
        type: 'string',
        array: true,
        describe: "'Name: value' sent with every request (repeatable)",
      })
      .option('scale', { type: 'number', describe: 'Device scale factor (device pixels per CSS pixel)' })
      .option('device', { type: 'string', describe: "A Playwright device to emulate, e.g. 'iPhone 15'" })
      .option('proxy', {
        type: 'string',
        describe:
          'http://[user@]host:port (or socks5://...); the password from MB_PROXY_PASSWORD, or in the URL',
      })
      .option('proxy-bypass', { type: 'string', describe: 'Hosts that skip the proxy, comma-separated' })
  );
}

type ProfileArgs = {
  userAgent?: string | undefined;
  locale?: string | undefined;
  timezone?: string | undefined;
  geolocation?: string | undefined;
  permission?: string[] | undefined;
  colorScheme?: string | undefined;
  header?: string[] | undefined;
  scale?: number | undefined;
  device?: string | undefined;
  proxy?: string | undefined;
  proxyBypass?: string | undefined;
};

type ProfileOptions = Pick<
  CreateSessionOptions,
  | 'userAgent'
  | 'locale'
  | 'timezoneId'
  | 'geolocation'
  | 'permissions'
  | 'colorScheme'
  | 'extraHTTPHeaders'
  | 'deviceScaleFactor'
  | 'device'
  | 'proxy'
>;

const usage = (message: string) => new CliError(message, exitCodes.usage);

const COLOR_SCHEMES = ['light', 'dark', 'no-preference'] as const;

function parseColorScheme(value: string): (typeof COLOR_SCHEMES)[number] {
  const scheme = COLOR_SCHEMES.find((s) => s === value);
  if (!scheme) throw usage(`--color-scheme must be light, dark or no-preference, not "${value}"`);
  return scheme;
}

export function parseGeolocation(value: string): NonNullable<ProfileOptions['geolocation']> {
  const parts = value.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '') || numbers.some(Number.isNaN))
    throw usage(`--geolocation must look like 48.8584,2.2945 or 48.8584,2.2945,10, not "${value}"`);
  const [latitude, longitude, accuracy] = numbers as [number, number, number?];
  return { latitude, longitude, ...(accuracy !== undefined ? { accuracy } : {}) };
}

export function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    if (colon < 1) throw usage(`--header must look like 'X-Desk: fx', not "${value}"`);
    headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * `--proxy` as the API's proxy: credentials in the URL are taken out of it (the server refuses them
 * there); a user without a password gets MB_PROXY_PASSWORD, which keeps it out of the process list.
 */
export function parseProxy(
  value: string,
  bypass: string | undefined,
  env: Record<string, string | undefined> = process.env,
): NonNullable<ProfileOptions['proxy']> {
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    throw usage(`--proxy must look like http://proxy.example:3128, not "${value}"`);
  }
  const username = decodeURIComponent(url.username);
  const password = url.password ? decodeURIComponent(url.password) : env.MB_PROXY_PASSWORD;
  return {
    server: `${url.protocol}//${url.host}`,
    ...(bypass ? { bypass } : {}),
    ...(username ? { username } : {}),
    ...(username && password !== undefined ? { password } : {}),
  };
}

/** The create options the profile flags ask for (none when no flag is given). */
export function profileOptions(args: ProfileArgs, env = process.env): ProfileOptions {
  const geolocation = args.geolocation === undefined ? undefined : parseGeolocation(args.geolocation);
  const permissions = [...(args.permission ?? []), ...(geolocation ? ['geolocation'] : [])];
  return {
    ...(args.userAgent !== undefined ? { userAgent: args.userAgent } : {}),
    ...(args.locale !== undefined ? { locale: args.locale } : {}),
    ...(args.timezone !== undefined ? { timezoneId: args.timezone } : {}),
    ...(geolocation ? { geolocation } : {}),
    ...(permissions.length > 0 ? { permissions: [...new Set(permissions)] } : {}),
    ...(args.colorScheme !== undefined ? { colorScheme: parseColorScheme(args.colorScheme) } : {}),
    ...(args.header?.length ? { extraHTTPHeaders: parseHeaders(args.header) } : {}),
    ...(args.scale !== undefined ? { deviceScaleFactor: args.scale } : {}),
    ...(args.device !== undefined ? { device: args.device } : {}),
    ...(args.proxy !== undefined ? { proxy: parseProxy(args.proxy, args.proxyBypass, env) } : {}),
  };
}
