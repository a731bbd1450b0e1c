import { formatIssues, issuesOf } from '@marketbridge/api-types';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { HttpError } from '../errors.js';
import type { RouteSpec } from './route-module.js';

const NoFields = z.strictObject({});

/** True when the request carries body bytes (an empty body counts as none). */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/**
 * Reads a JSON body: it must be `application/json` (415 otherwise, including text/plain and form
 * bodies), at most `limitBytes` (413) and valid JSON (400). No body at all reads as `{}`.
 */
export function jsonBody(limitBytes: number) {
  const parse = express.json({ limit: limitBytes, strict: true, type: () => true });
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
