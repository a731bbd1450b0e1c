import { z } from 'zod';
import { boundedArray, boundedNumber, boundedString, inRange } from './bounded.js';
import { formatLimit, LIMITS } from './limits.js';

/**
 * The identity options a session is created with (a browser "profile": user agent, locale, time zone,
 * geolocation, colour scheme, headers, device, proxy), kept with the session and applied to every
 * context it gets: at create, restore, crash recovery, recycle and daemon restart. What each field
 * may hold is said here as JSON Schema can carry it (types, lengths, ranges, patterns); what needs the
 * browser to judge (a device name, a time zone, a locale) is checked by the browser manager.
 */

/** No control characters (tab allowed): what may go in a header or a credential. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: it names the control characters to refuse them
const NO_CONTROLS = /^[^\u0000-\u0008\u000a-\u001f\u007f]*$/;
/** Printable ASCII only. */
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;
/** An HTTP header name: an RFC 9110 token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * A proxy server: `scheme://host:port`, `host:port` or `host` (http assumed), the scheme one of http,
 * https, socks4, socks5; the host a name or an IP address (IPv6 in brackets). No path, no credentials
 * in the URL (they go in `username` / `password`).
 */
const PROXY_SERVER =
  /^(?:(?:https?|socks4|socks5):\/\/)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]{1,5})?\/?$/;

/** What an echoed secret reads: the proxy password and credential-like header values. */
export const REDACTED = '[redacted]';

export const GeolocationSchema = z
  .strictObject({
    latitude: inRange(z.number(), -LIMITS.latitude, 'latitude', 'degrees').describe('Degrees, -90 to 90'),
    longitude: inRange(z.number(), -LIMITS.longitude, 'longitude', 'degrees').describe(
      'Degrees, -180 to 180',
    ),
    accuracy: boundedNumber(0, 'geolocationAccuracy', 'metres').optional().describe('Metres (default 0)'),
  })
  .describe(
    'Where navigator.geolocation says the page is; pages get it once the geolocation permission is granted (permissions)',
  );
export type Geolocation = z.infer<typeof GeolocationSchema>;

export const ColorSchemeSchema = z
  .enum(['light', 'dark', 'no-preference'])
  .describe("What matchMedia('(prefers-color-scheme: …)') answers");
export type ColorScheme = z.infer<typeof ColorSchemeSchema>;

export const ProxySchema = z
  .strictObject({
    server: boundedString('proxyServerLength', 1)
      .regex(
        PROXY_SERVER,
        'must be a proxy such as http://proxy.example:3128, socks5://127.0.0.1:1080 or proxy.example:3128 (scheme http, https, socks4 or socks5; no path, no credentials in it)',
      )
      .describe('http://host:port, https://…, socks4://…, socks5://…, or host:port (http)'),
    bypass: boundedString('proxyBypassLength')
      .regex(PRINTABLE_ASCII, 'must be printable ASCII: hosts separated by commas')
      .optional()
      .describe('Hosts that skip the proxy, comma-separated: ".example.com, localhost"'),
    username: boundedString('credentialLength')
      .regex(NO_CONTROLS, 'must not contain control characters')
      .optional()
      .describe('For a proxy that asks for credentials (HTTP proxies only)'),
    password: boundedString('credentialLength')
      .regex(NO_CONTROLS, 'must not contain control characters')
      .optional()
      .describe('Kept with the session but never echoed, logged or written to the registry'),
  })
  .describe("The proxy every request of the session's pages goes through");
export type Proxy = z.infer<typeof ProxySchema>;

const HeaderNameSchema = boundedString('headerNameLength', 1).regex(
  HEADER_NAME,
  "must be an HTTP header name (letters, digits and !#$%&'*+.^_`|~-)",
);
const HeaderValueSchema = boundedString('headerValueLength').regex(
  NO_CONTROLS,
  'must not contain control characters (CR, LF, NUL, ...)',
);

export const ExtraHttpHeadersSchema = z
  .record(HeaderNameSchema, HeaderValueSchema)
  .superRefine((headers, ctx) => {
    const count = Object.keys(headers).length;
    if (count > LIMITS.extraHeaders)
      ctx.addIssue({
        code: 'custom',
        message: `has ${formatLimit(count)} headers; the limit is ${formatLimit(LIMITS.extraHeaders)}`,
        input: headers,
      });
  })
  .meta({ maxProperties: LIMITS.extraHeaders })
  .describe(
    "Sent with every request of the session's pages. Values of credential-like headers (authorization, cookie, *token*, *secret*, *key*, *password*, proxy-authorization) are never echoed, logged or written to the registry",
  );

/** The option fields, shared by the create request and the session object's `options`. */
const optionFields = {
  userAgent: boundedString('userAgentLength', 1)
    .regex(PRINTABLE_ASCII, 'must be printable ASCII')
    .optional()
    .describe("navigator.userAgent and the User-Agent header (default: the browser's, or the device's)"),
  locale: boundedString('localeLength', 1)
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag such as en-GB or de-DE')
    .optional()
    .describe('navigator.language, Accept-Language and Intl formatting, e.g. de-DE'),
  timezoneId: boundedString('timezoneIdLength', 1)
    .regex(/^[A-Za-z0-9_+\-/]+$/, 'must be an IANA time zone such as Europe/Berlin')
    .optional()
    .describe('IANA time zone of the pages, e.g. America/New_York'),
  geolocation: GeolocationSchema.optional(),
  permissions: boundedArray(
    boundedString('permissionNameLength', 1).regex(
      /^[a-z][a-z-]*$/,
      'must be a permission name such as geolocation, notifications or clipboard-read',
    ),
    'permissionsItems',
  )
    .optional()
    .describe(
      "Permissions granted to every origin (Playwright's names: geolocation, notifications, camera, microphone, clipboard-read, ...)",
    ),
  colorScheme: ColorSchemeSchema.optional(),
  extraHTTPHeaders: ExtraHttpHeadersSchema.optional(),
  deviceScaleFactor: inRange(z.number(), 0.1, 'deviceScaleFactor')
    .optional()
    .describe('Device pixels per CSS pixel (default 1, or the device’s)'),
  device: boundedString('deviceNameLength', 1)
    .regex(PRINTABLE_ASCII, 'must be printable ASCII')
    .optional()
    .describe(
      "A Playwright device to emulate, by name ('iPhone 15', 'Pixel 7', 'Desktop Chrome'): its user agent, viewport, scale, touch and mobile mode; the other options override it. The names: Object.keys(require('playwright-core').devices)",
    ),
  proxy: ProxySchema.optional(),
};

/** The names of the profile options, in the order they are listed. */
export const SESSION_OPTION_KEYS = Object.keys(optionFields) as (keyof typeof optionFields)[];

export const SessionOptionsSchema = z
  .object(optionFields)
  .describe(
    'The identity options the session was created with (kept across restores and recycles), secrets redacted: the proxy password and credential-like header values read "[redacted]"',
  );
export type SessionOptions = z.infer<typeof SessionOptionsSchema>;

/** The create request's option fields (strict, like the rest of the request). */
export const sessionOptionFields = optionFields;

/**
 * True for a header whose value is a credential: authorization, proxy-authorization, cookie, and any
 * name containing token, secret, key, password, auth or session.
 */
export function isCredentialHeader(name: string): boolean {
  return /authorization|cookie|token|secret|key|passw|auth|session|credential/i.test(name);
}

/** The options with their secrets replaced by {@link REDACTED}: what is echoed, logged or put in the registry. */
export function redactOptions(options: SessionOptions): SessionOptions {
  const out: SessionOptions = { ...options };
  if (options.proxy?.password !== undefined) out.proxy = { ...options.proxy, password: REDACTED };
  if (options.extraHTTPHeaders) {
    out.extraHTTPHeaders = Object.fromEntries(
      Object.entries(options.extraHTTPHeaders).map(([name, value]) => [
        name,
        isCredentialHeader(name) ? REDACTED : value,
      ]),
    );
  }
  return out;
}

/** The profile options present in `request` (undefined when it has none). */
export function pickSessionOptions(request: object): SessionOptions | undefined {
  const fields = request as Partial<Record<string, unknown>>;
  const picked = Object.fromEntries(
    SESSION_OPTION_KEYS.filter((k) => fields[k] !== undefined).map((k) => [k, fields[k]]),
  ) as SessionOptions;
  return Object.keys(picked).length > 0 ? picked : undefined;
}
