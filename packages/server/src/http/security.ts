import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../errors.js';
import { bearerToken, tokenMatches } from '../token.js';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** Host names (no port, no brackets, lower case) a request may be addressed to. */
export function hostAllowlist(configuredHost: string, allowedHosts: readonly string[]): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  const add = (h: string) => {
    const name = hostnameOf(h);
    if (name) names.add(name);
  };
  // A wildcard bind address is not a name anyone sends in Host; allowedHosts covers that case.
  if (!['0.0.0.0', '::', '[::]'].includes(configuredHost)) add(configuredHost);
  for (const h of allowedHosts) add(h);
  return names;
}

/**
 * The host name of a Host header value or a bare host: `example.com:80` → `example.com`,
 * `[::1]:9247` → `::1`. Undefined when it does not look like a host at all.
 */
export function hostnameOf(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (v.length === 0 || v.length > 300) return undefined;
  if (v.startsWith('[')) {
    const match = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(v);
    return match?.[1];
  }
  const match = /^([a-z0-9._-]+)(?::(\d{1,5}))?$/.exec(v);
  if (match) return match[1];
  // A bare IPv6 address, as an allowedHosts entry may be written.
  return /^[0-9a-f:]+$/.test(v) && v.includes(':') ? v : undefined;
}

/** DNS-rebinding guard: the Host header must name this machine or an allowed host (403 otherwise). */
export function hostGuard(allowed: Set<string>) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const host = req.headers.host;
    const name = host ? hostnameOf(host) : undefined;
    if (!name || !allowed.has(name)) {
      next(
        new HttpError(
          'forbidden',
          `Host "${String(host ?? '').slice(0, 100)}" is not allowed. Use localhost/127.0.0.1, or start the server with --allowed-hosts.`,
        ),
      );
      return;
    }
    next();
  };
}

/** Cross-site guard: a request with an Origin must come from an allowed host (403 otherwise). */
export function originGuard(allowed: Set<string>) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin === undefined) {
      next();
      return;
    }
    let name: string | undefined;
    try {
      const url = new URL(origin);
      if (url.protocol === 'http:' || url.protocol === 'https:') name = hostnameOf(url.host);
    } catch {
      name = undefined;
    }
    if (!name || !allowed.has(name)) {
      next(
        new HttpError(
          'forbidden',
          'Cross-site requests are not allowed: the Origin is not this server. Call the API from a script, not a web page.',
        ),
      );
      return;
    }
    next();
  };
}

/** A socket's remote address on this machine: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase();
  const v4 = a.startsWith('::ffff:') ? a.slice('::ffff:'.length) : a;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Headers a reverse proxy adds: a request that carries one came from elsewhere, whatever its socket says. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/**
 * The requests that `metricsOpenOnLoopback` lets through without a token: GET or HEAD of exactly `path`,
 * without an Authorization header (a wrong token is still refused), from a loopback address, with no
 * proxy header (a proxy on this machine would make every request look local). The Host and Origin
 * guards run before the token check, so they still apply.
 */
export function loopbackScrape(path: string) {
  return (req: Request): boolean =>
    (req.method === 'GET' || req.method === 'HEAD') &&
    req.path === path &&
    req.headers.authorization === undefined &&
    PROXY_HEADERS.every((h) => req.headers[h] === undefined) &&
    isLoopbackAddress(req.socket.remoteAddress);
}

/** Bearer-token check on every request but the open ones. The token is compared in constant time, never logged. */
export function requireToken(token: string, isOpen: (req: Request) => boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isOpen(req)) {
      next();
      return;
    }
    const presented = bearerToken(req.headers.authorization);
    if (presented === undefined || !tokenMatches(presented, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="marketbridge"');
      next(
        presented === undefined
          ? new HttpError(
              'unauthorized',
              'Missing API token: send "Authorization: Bearer <token>" (the token is in $MARKETBRIDGE_HOME/token).',
              { details: { token: 'missing' } },
            )
          : new HttpError(
              'unauthorized',
              "The API token sent was refused: it is not this server's token (see $MARKETBRIDGE_HOME/token).",
              { details: { token: 'refused' } },
            ),
      );
      return;
    }
    next();
  };
}
