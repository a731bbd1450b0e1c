import { formatIssues, issuesOf } from '@marketbridge/api-types';
import type { Request } from 'express';
import { z } from 'zod';
import { HttpError } from '../errors.js';
import type { RouteSpec } from './route-module.js';

const NoFields = z.strictObject({});

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
