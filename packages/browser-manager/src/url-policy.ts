import { UrlNotAllowedError } from './errors.js';

const webSchemes = new Set(['http:', 'https:']);
const fileLike = new Set(['file:', 'chrome:', 'view-source:', 'javascript:', 'data:', 'chrome-extension:']);

/**
 * Checks a URL the caller wants to open. http(s) and about:blank always pass; file:, chrome:,
 * view-source:, javascript: and data: only with `allowFileUrls`; anything else is refused.
 * A bare host is read as https (`example.com`), or http for loopback (`localhost:8080`).
 */
export function checkNavigableUrl(raw: string, allowFileUrls: boolean): string {
  const trimmed = raw.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^[\w.-]+:\d+(\/|$)/.test(trimmed);
  const withScheme = hasScheme
    ? trimmed
    : `${/^(localhost|127\.|\[::1\])/.test(trimmed) ? 'http' : 'https'}://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UrlNotAllowedError(raw, 'unparseable');
  }
  if (webSchemes.has(url.protocol)) {
    // `../x` or `a..b` would otherwise become a lookup of a host that cannot exist.
    const host = url.hostname.replace(/\.$/, '');
    if (!host.startsWith('[') && (host === '' || host.split('.').some((label) => label === '')))
      throw new UrlNotAllowedError(raw, 'invalid-host');
    return url.href;
  }
  if (url.href === 'about:blank') return url.href;
  if (allowFileUrls && fileLike.has(url.protocol)) return url.href;
  throw new UrlNotAllowedError(raw, url.protocol);
}

/** Chromium's page for a load that failed (connection refused, DNS error...). */
export function isErrorPage(url: string): boolean {
  return url.startsWith('chrome-error://');
}
