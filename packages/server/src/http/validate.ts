import { formatIssues, issuesOf, LIMITS } from '@marketbridge/api-types';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { HttpError } from '../errors.js';
import { jsonDepthExceeds } from './json-depth.js';
import type { RouteSpec } from './route-module.js';

const NoFields = z.strictObject({});

/** True when the request carries body bytes (an empty body counts as none). */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** A body nested deeper than `LIMITS.bodyJsonDepth`: refused before it is parsed (400 `too_deep`). */
export class TooDeepError extends Error {
  override name = 'TooDeepError';
  /** How body-parser tells its errors apart; kept by it when it passes this on. */
  readonly type = 'entity.too.deep';
}

/** A body in a charset the depth check cannot read (415, as body-parser answers for one it cannot). */
class UnreadableCharsetError extends Error {
  readonly type = 'charset.unsupported';
}

function textOf(bytes: Buffer, encoding: string | null): string {
  const charset = (encoding ?? 'utf-8').toLowerCase();
  if (charset === 'utf-8' || charset === 'utf8') return bytes.toString('utf8');
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    throw new UnreadableCharsetError(`unsupported charset "${charset}"`);
  }
}

/**
 * body-parser's `verify` hook: it sees the raw bytes before `JSON.parse` does, and refuses a body
 * nested deeper than `maxDepth`, with a scan that uses no recursion (see json-depth.ts).
 */
export function refuseDeepJson(maxDepth: number) {
  return (_req: Request, _res: Response, bytes: Buffer, encoding: string | null): void => {
    const deep = jsonDepthExceeds(textOf(bytes, encoding), maxDepth);
    if (deep) {
      throw new TooDeepError(
        `The request body nests arrays and objects more than ${maxDepth} levels deep (at character ${deep.at}); the limit is ${maxDepth} levels.`,
      );
    }
  };
}

/**
 * Reads a JSON body: it must be `application/json` (415 otherwise, including text/plain and form
 * bodies), at most `limitBytes` (413), nested at most `LIMITS.bodyJsonDepth` levels (400 `too_deep`,
 * checked on the raw text before anything parses it) and valid JSON (400). No body at all reads as `{}`.
 */
export function jsonBody(limitBytes: number) {
  const parse = express.json({
    limit: limitBytes,
    strict: true,
    type: () => true,
    verify: refuseDeepJson(LIMITS.bodyJsonDepth),
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req)) {
      req.body = {};
      next();
      return;
    }
    if (!req.is('application/json')) {
      const type = req.headers['content-type'];
      next(
        new HttpError(
          'unsupported_media_type',
          `Send the body as application/json${type ? ` (got ${String(type).slice(0, 100)})` : ' (no Content-Type was sent)'}.`,
        ),
      );
      return;
    }
    parse(req, res, next);
  };
}

function check<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError('invalid_request', `Invalid ${where}: ${formatIssues(result.error)}`, {
    details: issuesOf(result.error),
  });
}

export interface Validated {
  params: unknown;
  query: unknown;
  body: unknown;
}

/**
 * The one validation step of every route: params, query and body against the route's api-types
 * schemas. Unknown fields are errors; a route without a query or body schema accepts none.
 */
export function validateRequest(route: RouteSpec, req: Request): Validated {
  return {
    params: check(route.params ?? NoFields, { ...req.params }, 'path parameters'),
    query: check(route.query ?? NoFields, { ...(req.query as object) }, 'query'),
    body: route.body ? check(route.body, req.body, 'request body') : undefined,
  };
}
