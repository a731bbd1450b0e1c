import { type ErrorCode, errorStatus } from './errors.js';
import { LIMITS } from './limits.js';
import type { RouteDefinition } from './routes.js';

/**
 * The error codes the layers in front of every route answer with, and why. They are the server's
 * rules, in one place: every request passes the Host/Origin guard (403), has its path and query
 * validated (400: a route without a query accepts none), is bounded in time (408) and may meet an
 * internal error (500) or a server that failed to start (503); a route with `auth` checks the token
 * (401); a route with a body reads it as JSON (400 not JSON or not valid, 400 `too_deep` nested past
 * `LIMITS.bodyJsonDepth`, 413 too large, 415 not application/json).
 */
export const layerErrors = {
  every: {
    forbidden: 'the Host or Origin header names another site',
    invalid_request: 'a path parameter or query parameter is not valid (unknown ones included)',
    timeout: 'the request did not finish within its bound',
    internal_error: 'an unexpected failure (the server log has the details)',
    browser_unavailable: 'the server failed to start, or its browser is gone',
  },
  auth: { unauthorized: 'missing or wrong API token' },
  body: {
    invalid_request:
      'the body is not JSON, or does not match the request schema (a field past its bound included)',
    too_deep: `the body nests arrays and objects more than ${LIMITS.bodyJsonDepth} levels deep`,
    payload_too_large: 'the body is larger than the configured limit',
    unsupported_media_type: 'the body is not UTF-8 application/json',
  },
} as const satisfies Record<string, Partial<Record<ErrorCode, string>>>;

/** Everything route `route` can answer: its success statuses and, per error status, the codes sent with it. */
export interface RouteResponses {
  /** Success status → when (the main one first). */
  success: Map<number, string>;
  /** Error status → code → why, statuses ascending. */
  errors: Map<number, Map<ErrorCode, string>>;
}

/** The statuses a route answers, from its table entry: the layers' errors (by `auth` and `body`) and its own. */
export function routeResponses(route: RouteDefinition): RouteResponses {
  const success = new Map<number, string>([[route.success.status, 'Success']]);
  for (const [status, when] of Object.entries(route.success.alsoStatus ?? {})) {
    if (when) success.set(Number(status), `Success: ${when}`);
  }
  const codes = new Map<ErrorCode, string[]>();
  const add = (code: ErrorCode, why: string) => codes.set(code, [...(codes.get(code) ?? []), why]);
  for (const [code, why] of Object.entries(layerErrors.every)) add(code as ErrorCode, why);
  if (route.auth) for (const [code, why] of Object.entries(layerErrors.auth)) add(code as ErrorCode, why);
  if (route.body) for (const [code, why] of Object.entries(layerErrors.body)) add(code as ErrorCode, why);
  for (const code of route.errors) add(code, 'from the operation itself');
  const errors = new Map<number, Map<ErrorCode, string>>();
  for (const [code, whys] of [...codes].sort(([a], [b]) => errorStatus[a] - errorStatus[b])) {
    const status = errorStatus[code];
    const byCode = errors.get(status) ?? new Map<ErrorCode, string>();
    byCode.set(code, whys.join('; '));
    errors.set(status, byCode);
  }
  return { success, errors };
}

/** The media types of a binary route's success body → when each is sent. */
export function binaryMediaTypes(route: RouteDefinition): Record<string, string> {
  if (!route.success.binary) return {};
  return route.success.binaryTypes ?? { [route.success.binary]: '' };
}
