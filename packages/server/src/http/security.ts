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

/** Bearer-token check on every path but the open ones. The token is compared in constant time, never logged. */
export function requireToken(token: string, isOpen: (path: string) => boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isOpen(req.path)) {
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
