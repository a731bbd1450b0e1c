/**
 * Every bound on what a request may carry, in one place. The request schemas are built from these
 * (see `bounded.ts`), so the server's validation, the client's types and the OpenAPI document all say
 * the same thing; `limitTable` describes each for the docs (packages/server/README.md has the table,
 * and a test keeps it in step with these values).
 *
 * Lengths of strings are in characters as JavaScript counts them (UTF-16 code units); sizes of JSON
 * values are bytes of their compact UTF-8 serialization (`JSON.stringify`).
 */
export const LIMITS = {
  /** Nesting of `[` / `{` in a request body, checked on the raw text before it is parsed. */
  bodyJsonDepth: 64,

  /** A session name (it names the state file). */
  sessionNameLength: 64,
  /** A session id or name in a path. */
  sessionIdLength: 128,
  /** A page id (`pageId`, `:pageId`). */
  pageIdLength: 64,
  /** Files in one upload (their bytes count against the body limit, `bodyLimit`). */
  uploadFiles: 20,
  /** The name of an uploaded file. */
  uploadFileNameLength: 255,

  /** `metadata`, serialized. */
  metadataBytes: 16_384,
  /** `metadata` nesting: the object itself is level 1, `{ "a": { "b": 1 } }` is 2. */
  metadataDepth: 8,
  /** Keys in `metadata`, counted over every object in it. */
  metadataKeys: 256,
  /** One key of `metadata`, at any level. */
  metadataKeyLength: 128,

  /** A URL to open, navigate to or wait for. */
  urlLength: 8_192,
  /** Smallest viewport width or height, CSS pixels. */
  viewportMin: 100,
  /** Largest viewport width or height, CSS pixels. */
  viewportMax: 10_000,

  /** The `script` of an execute. */
  scriptLength: 1_000_000,
  /** Items of an execute's `args`. */
  scriptArgsItems: 100,
  /** An execute's `args`, serialized. */
  scriptArgsBytes: 1_000_000,
  /** A `function` wait's `expression`. */
  waitExpressionLength: 100_000,

  /** A Playwright selector. */
  selectorLength: 2_048,
  /** The `value` of fill, type, press, or select with one option. */
  interactValueLength: 100_000,
  /** One option of a select with a list of values. */
  selectOptionLength: 10_000,
  /** Options of a select with a list of values. */
  selectOptionsItems: 100,
  /** The `text` of a text wait. */
  waitTextLength: 10_000,
  /** Text typed through the live view's input. */
  inputTextLength: 10_000,
  /** A key or chord (`Control+A`) pressed through the live view's input. */
  inputKeyLength: 64,
  /** A dashboard login code. */
  loginCodeLength: 200,

  /** Any `timeoutMs`, and a fixed wait's `ms`. */
  timeoutMs: 600_000,
  /** A click or wheel position, CSS pixels from the viewport's edge. */
  coordinate: 10_000,
  /** A wheel's `deltaX` / `deltaY`, either way. */
  wheelDelta: 100_000,
  /** `GET /sessions/:id/console?limit=`. */
  consoleEntries: 1_000,
  /** `maxAgeHours` of a cleanup (ten years). */
  cleanupMaxAgeHours: 87_600,
  /** `clickCount` of an input click (3: a triple click). */
  clickCount: 3,
  /** JPEG `quality` of a screenshot or a live frame. */
  jpegQuality: 100,
  /** `maxWidth` / `maxHeight` of the live frames, px. */
  frameSize: 4_096,
  /** `ttlSeconds` of a dashboard login code. */
  loginCodeTtlSeconds: 600,

  /** `userAgent` (create). */
  userAgentLength: 1_024,
  /** `locale` (create), a BCP 47 tag. */
  localeLength: 35,
  /** `timezoneId` (create), an IANA name. */
  timezoneIdLength: 64,
  /** `geolocation.latitude`, degrees either side of the equator. */
  latitude: 90,
  /** `geolocation.longitude`, degrees either side of Greenwich. */
  longitude: 180,
  /** `geolocation.accuracy`, metres. */
  geolocationAccuracy: 100_000,
  /** Items of `permissions` (create). */
  permissionsItems: 32,
  /** One permission name. */
  permissionNameLength: 64,
  /** Headers in `extraHTTPHeaders` (create). */
  extraHeaders: 64,
  /** The name of one extra header. */
  headerNameLength: 256,
  /** The value of one extra header. */
  headerValueLength: 8_192,
  /** `deviceScaleFactor` (create), at most (at least 0.1). */
  deviceScaleFactor: 5,
  /** `device` (create), a Playwright device name. */
  deviceNameLength: 64,
  /** `proxy.server` (create). */
  proxyServerLength: 2_048,
  /** `proxy.bypass` (create). */
  proxyBypassLength: 4_096,
  /** `proxy.username`, `proxy.password` (create). */
  credentialLength: 1_024,

  /** Cookies in one `POST …/cookies`, and in a storage state. */
  cookiesItems: 3_000,
  /** A cookie's name. */
  cookieNameLength: 4_096,
  /** A cookie's value. */
  cookieValueLength: 4_096,
  /** A cookie's domain, path or partition key. */
  cookieAttributeLength: 1_024,
  /** Origins in a storage state. */
  storageOrigins: 1_000,
  /** localStorage entries of one origin in a storage state. */
  localStorageItems: 10_000,
  /** A localStorage key in a storage state. */
  storageKeyLength: 10_000,
  /** A localStorage value in a storage state (the body limit bounds them all together). */
  storageValueLength: 1_000_000,
} as const;

export type LimitName = keyof typeof LIMITS;

export interface LimitDoc {
  /** Unit of the value: characters, bytes, levels, keys, items, CSS pixels, ms, ... */
  unit: string;
  /** The fields it bounds, as a person reads them. */
  applies: string;
}

/**
 * What each limit bounds: the rows of the docs' table. Past any of them a request answers 400
 * `invalid_request` naming the field and the limit, but for `bodyJsonDepth`: 400 `too_deep`.
 */
export const limitTable: Record<LimitName, LimitDoc> = {
  bodyJsonDepth: {
    unit: 'levels',
    applies: 'any request body: `[` / `{` nesting, counted on the raw text before parsing (400 `too_deep`)',
  },
  sessionNameLength: { unit: 'characters', applies: '`name` (create), `?name=` (list)' },
  sessionIdLength: { unit: 'characters', applies: 'the `:id` of every `/sessions/:id` route' },
  pageIdLength: { unit: 'characters', applies: '`pageId` of every action, `:pageId` of the page routes' },
  uploadFiles: {
    unit: 'items',
    applies: '`files` (interact: upload); their bytes count against `bodyLimit` (413)',
  },
  uploadFileNameLength: {
    unit: 'characters',
    applies: '`files[].name` and `files[].mimeType` (interact: upload)',
  },
  metadataBytes: { unit: 'bytes', applies: '`metadata` (create), as compact JSON' },
  metadataDepth: { unit: 'levels', applies: '`metadata` nesting (the object itself is level 1)' },
  metadataKeys: { unit: 'keys', applies: '`metadata`, counted over every object in it' },
  metadataKeyLength: { unit: 'characters', applies: 'each key of `metadata`, at any level' },
  urlLength: { unit: 'characters', applies: '`url` (create, navigate, url wait)' },
  viewportMin: { unit: 'CSS pixels', applies: '`viewport.width`, `viewport.height` (at least)' },
  viewportMax: { unit: 'CSS pixels', applies: '`viewport.width`, `viewport.height` (at most)' },
  scriptLength: { unit: 'characters', applies: '`script` (execute)' },
  scriptArgsItems: { unit: 'items', applies: '`args` (execute)' },
  scriptArgsBytes: { unit: 'bytes', applies: '`args` (execute), as compact JSON' },
  waitExpressionLength: { unit: 'characters', applies: '`expression` (function wait)' },
  selectorLength: { unit: 'characters', applies: '`selector` (interact, screenshot, selector wait)' },
  interactValueLength: {
    unit: 'characters',
    applies: '`value` (interact: fill, type, press, select of one option)',
  },
  selectOptionLength: { unit: 'characters', applies: 'each item of a select `value` list' },
  selectOptionsItems: { unit: 'items', applies: 'a select `value` list' },
  waitTextLength: { unit: 'characters', applies: '`text` (text wait)' },
  inputTextLength: { unit: 'characters', applies: '`text` (input of type `type`)' },
  inputKeyLength: { unit: 'characters', applies: '`key` (input of type `press`)' },
  loginCodeLength: { unit: 'characters', applies: '`code` (`POST /auth/exchange`)' },
  timeoutMs: { unit: 'ms', applies: 'every `timeoutMs`; `ms` of a fixed wait' },
  coordinate: { unit: 'CSS pixels', applies: '`x`, `y` (input click and wheel)' },
  wheelDelta: { unit: 'CSS pixels', applies: '`deltaX`, `deltaY` (input wheel), either sign' },
  consoleEntries: { unit: 'entries', applies: '`?limit=` (console)' },
  cleanupMaxAgeHours: { unit: 'hours', applies: '`maxAgeHours` (cleanup)' },
  clickCount: { unit: 'clicks', applies: '`clickCount` (input click; at least 1)' },
  jpegQuality: { unit: 'percent', applies: '`quality` (screenshot, `?quality=` of the frames)' },
  frameSize: { unit: 'px', applies: '`?maxWidth=`, `?maxHeight=` of the frames (at least 100)' },
  loginCodeTtlSeconds: { unit: 's', applies: '`ttlSeconds` (`POST /auth/codes`; at least 10)' },
  userAgentLength: { unit: 'characters', applies: '`userAgent` (create)' },
  localeLength: { unit: 'characters', applies: '`locale` (create)' },
  timezoneIdLength: { unit: 'characters', applies: '`timezoneId` (create)' },
  latitude: { unit: 'degrees', applies: '`geolocation.latitude` (create), either sign' },
  longitude: { unit: 'degrees', applies: '`geolocation.longitude` (create), either sign' },
  geolocationAccuracy: { unit: 'metres', applies: '`geolocation.accuracy` (create; at least 0)' },
  permissionsItems: { unit: 'items', applies: '`permissions` (create)' },
  permissionNameLength: { unit: 'characters', applies: 'each item of `permissions` (create)' },
  extraHeaders: { unit: 'headers', applies: '`extraHTTPHeaders` (create)' },
  headerNameLength: { unit: 'characters', applies: 'each name of `extraHTTPHeaders` (create)' },
  headerValueLength: { unit: 'characters', applies: 'each value of `extraHTTPHeaders` (create)' },
  deviceScaleFactor: { unit: '×', applies: '`deviceScaleFactor` (create; at least 0.1)' },
  deviceNameLength: { unit: 'characters', applies: '`device` (create)' },
  proxyServerLength: { unit: 'characters', applies: '`proxy.server` (create)' },
  proxyBypassLength: { unit: 'characters', applies: '`proxy.bypass` (create)' },
  credentialLength: { unit: 'characters', applies: '`proxy.username`, `proxy.password` (create)' },
  cookiesItems: { unit: 'items', applies: '`cookies` (`POST …/cookies`, and a `storageState`)' },
  cookieNameLength: { unit: 'characters', applies: "a cookie's `name`; `?name=` (cookies)" },
  cookieValueLength: { unit: 'characters', applies: "a cookie's `value`" },
  cookieAttributeLength: {
    unit: 'characters',
    applies: "a cookie's `domain`, `path`, `partitionKey`; `?domain=`, `?path=` (clear cookies)",
  },
  storageOrigins: { unit: 'items', applies: '`storageState.origins` (create)' },
  localStorageItems: { unit: 'items', applies: '`localStorage` of one origin of a `storageState`' },
  storageKeyLength: { unit: 'characters', applies: 'a localStorage `name` of a `storageState`' },
  storageValueLength: {
    unit: 'characters',
    applies: 'a localStorage `value` of a `storageState` (all of them: the body limit, 413)',
  },
};

/**
 * A number as the messages write it: digits grouped by three with a space (`16 384`, `1 000 000`).
 * Below 10 000 it is left as is, so `8192` and `2048` read as they are usually written.
 */
export function formatLimit(n: number): string {
  if (!Number.isInteger(n) || Math.abs(n) < 10_000) return String(n);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
