import {
  type BrowserType,
  isCredentialHeader,
  REDACTED,
  type SessionOptions,
  type SetCookie,
  type StorageState,
  type Viewport,
} from '@marketbridge/api-types';
import { type Browser, type BrowserContextOptions, devices } from 'playwright-core';
import { BrowserManagerError, InvalidOptionError, UnsupportedOptionError } from './errors.js';
import { cleanMessage, isClosedError } from './playwright-errors.js';
import type { SessionIdentity } from './types.js';

/**
 * A session's identity options, from its create request to the Playwright context options every
 * context it gets is made with. The wire schema (api-types) has already checked their shape; what
 * needs the browser's knowledge is checked here, before anything is launched: the device name, the
 * time zone, the locale, the proxy URL, and what the session's engine cannot do.
 */

const LIST_DEVICES = `node -e "console.log(Object.keys(require('playwright-core').devices).join('\\n'))"`;

/** Device names like `name`: the ones containing it, else those sharing its first word. */
function similarDevices(name: string): string[] {
  const all = Object.keys(devices);
  const lower = name.toLowerCase().trim();
  const containing = all.filter((d) => d.toLowerCase().includes(lower));
  if (containing.length > 0) return containing.slice(0, 5);
  const first = lower.split(/\s+/)[0] ?? '';
  return all.filter((d) => first.length > 1 && d.toLowerCase().startsWith(first)).slice(0, 5);
}

/** The viewport of a Playwright device, or undefined for an unknown name. */
export function deviceViewport(name: string | undefined): Viewport | undefined {
  const device = name === undefined ? undefined : devices[name];
  return device ? { ...device.viewport } : undefined;
}

/** The proxy's URL as Playwright reads it: `host:port` is http; a URL with a scheme must parse as it is. */
function proxyUrl(server: string): URL | undefined {
  try {
    return new URL(server.includes('://') ? server : `http://${server}`);
  } catch {
    return undefined;
  }
}

/**
 * Throws InvalidOptionError for an option no browser takes (an unknown device, time zone or locale,
 * a proxy URL that does not parse, a secret that is the redaction marker) and UnsupportedOptionError
 * for one this session's engine cannot take.
 */
export function checkSessionOptions(options: SessionOptions | undefined, browserType: BrowserType): void {
  if (!options) return;
  const { device, timezoneId, locale, proxy, extraHTTPHeaders } = options;
  if (device !== undefined) {
    const descriptor = devices[device];
    if (!descriptor) {
      const like = similarDevices(device);
      throw new InvalidOptionError(
        `Invalid session options: device "${device}" is not a Playwright device.` +
          (like.length > 0 ? ` Did you mean ${like.map((d) => `"${d}"`).join(', ')}?` : '') +
          ` Names are those of playwright-core's devices, e.g. "iPhone 15", "Pixel 7", "Desktop Chrome"; list them with: ${LIST_DEVICES}`,
      );
    }
    if (descriptor.isMobile && browserType === 'firefox') {
      throw new UnsupportedOptionError(
        `Device "${device}" is a mobile device, and Firefox cannot emulate one (no isMobile). Use browserType chromium or webkit, or a desktop device.`,
      );
    }
  }
  if (timezoneId !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timezoneId });
    } catch {
      throw new InvalidOptionError(
        `Invalid session options: timezoneId "${timezoneId}" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC).`,
      );
    }
  }
  if (locale !== undefined) {
    try {
      Intl.getCanonicalLocales(locale);
    } catch {
      throw new InvalidOptionError(
        `Invalid session options: locale "${locale}" is not a BCP 47 language tag (e.g. en-GB, de-DE, pt-BR).`,
      );
    }
  }
  if (proxy) {
    const url = proxyUrl(proxy.server);
    if (!url?.hostname) {
      throw new InvalidOptionError(
        `Invalid session options: proxy.server "${proxy.server.slice(0, 100)}" is not a URL (e.g. http://proxy.example:3128).`,
      );
    }
    if (url.protocol.startsWith('socks') && (proxy.username !== undefined || proxy.password !== undefined)) {
      throw new UnsupportedOptionError(
        `A ${url.protocol.slice(0, -1)} proxy cannot take a username or password (browsers authenticate only to HTTP proxies).`,
      );
    }
    if (proxy.password === REDACTED) {
      throw new InvalidOptionError(
        `Invalid session options: proxy.password is "${REDACTED}", the mark the server echoes in place of a secret; send the real password.`,
      );
    }
  }
  for (const [name, value] of Object.entries(extraHTTPHeaders ?? {})) {
    if (value === REDACTED && isCredentialHeader(name)) {
      throw new InvalidOptionError(
        `Invalid session options: extraHTTPHeaders.${name} is "${REDACTED}", the mark the server echoes in place of a secret; send the real value.`,
      );
    }
  }
}

/** A storage state's origins must be URLs; Playwright visits each to write its localStorage. */
export function checkStorageState(state: StorageState | undefined): void {
  for (const [i, { origin }] of (state?.origins ?? []).entries()) {
    try {
      new URL(origin);
    } catch {
      throw new InvalidOptionError(
        `Invalid session options: storageState.origins.${i}.origin "${origin.slice(0, 100)}" is not a URL.`,
      );
    }
  }
}

/** Playwright wants each cookie with a url, or a domain and a path: said per cookie, before the browser is asked. */
export function checkCookies(cookies: readonly SetCookie[]): void {
  for (const [i, cookie] of cookies.entries()) {
    const byUrl = cookie.url !== undefined;
    const byDomain = cookie.domain !== undefined && cookie.path !== undefined;
    if (byUrl === byDomain || (byUrl && (cookie.domain !== undefined || cookie.path !== undefined))) {
      throw new InvalidOptionError(
        `Invalid cookies: cookies.${i} ("${cookie.name.slice(0, 40)}") needs either a url, or a domain and a path (not both).`,
      );
    }
    if (byUrl) {
      try {
        new URL(cookie.url as string);
      } catch {
        throw new InvalidOptionError(
          `Invalid cookies: cookies.${i}.url "${(cookie.url as string).slice(0, 100)}" is not a URL.`,
        );
      }
    }
  }
}

/**
 * The options of `newContext` for a session: its device (if any) first, then its viewport and every
 * option it was created with on top. Copies, so Playwright's normalising never reaches the identity.
 */
export function contextOptionsOf(identity: SessionIdentity): BrowserContextOptions {
  const o = identity.options ?? {};
  const {
    defaultBrowserType: _browser,
    viewport: _viewport,
    ...device
  } = o.device ? (devices[o.device] ?? {}) : {};
  return {
    ...device,
    viewport: { ...identity.viewport },
    ...(o.userAgent !== undefined ? { userAgent: o.userAgent } : {}),
    ...(o.locale !== undefined ? { locale: o.locale } : {}),
    ...(o.timezoneId !== undefined ? { timezoneId: o.timezoneId } : {}),
    ...(o.geolocation ? { geolocation: { ...o.geolocation } } : {}),
    ...(o.permissions ? { permissions: [...o.permissions] } : {}),
    ...(o.colorScheme !== undefined ? { colorScheme: o.colorScheme } : {}),
    ...(o.extraHTTPHeaders ? { extraHTTPHeaders: { ...o.extraHTTPHeaders } } : {}),
    ...(o.deviceScaleFactor !== undefined ? { deviceScaleFactor: o.deviceScaleFactor } : {}),
    ...(o.proxy ? { proxy: { ...o.proxy } } : {}),
  };
}

/** A storage state as `newContext` types it: every cookie field given (what Playwright itself writes). */
export function playwrightStorage(
  state: StorageState,
): NonNullable<Exclude<BrowserContextOptions['storageState'], string>> {
  return {
    cookies: state.cookies.map((c) => ({
      ...c,
      expires: c.expires ?? -1,
      httpOnly: c.httpOnly ?? false,
      secure: c.secure ?? false,
      sameSite: c.sameSite ?? 'Lax',
    })),
    origins: state.origins.map((o) => ({
      origin: o.origin,
      localStorage: o.localStorage.map((e) => ({ ...e })),
    })),
  };
}

/**
 * What `newContext` threw, for the caller: the browser refusing the options (it is still there, the
 * call did not time out or lose it) is the request's fault — a storage state's cookies it would not
 * set are invalid_request, any other option it cannot take unsupported_option. The rest passes on.
 */
export function refusedOptions(error: unknown, browser: Browser): unknown {
  if (error instanceof BrowserManagerError || !browser.isConnected() || isClosedError(error)) return error;
  if (error instanceof Error && error.name === 'TimeoutError') return error;
  // "Error setting storage state:\nProtocol error (Storage.setCookies): Invalid cookie fields": both lines say it.
  const lines = (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 2);
  const message = lines
    .map((line) => line.replace(/^[a-zA-Z]+\.[a-zA-Z]+: /, '').trim())
    .filter(Boolean)
    .join(' ');
  if (/storage state|cookie/i.test(message))
    return new InvalidOptionError(
      `Invalid session options: the browser refused the storage state: ${message}`,
    );
  return new UnsupportedOptionError(`The browser refused the session's options: ${cleanMessage(error)}`, {
    cause: error,
  });
}
