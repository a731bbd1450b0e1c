import type { z } from 'zod';
import type { ErrorCode } from '../errors.js';
import * as s from '../sessions.js';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface RouteDefinition {
  method: HttpMethod;
  /** Express-style path (`/sessions/:id`). */
  path: string;
  summary: string;
  /** More than the summary says, where a route needs it (OpenAPI `description`). */
  description?: string;
  /** False only for routes open without a token. */
  auth: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * Success status and body. `binary` routes answer with bytes of that media type instead of JSON
   * (images; `text/event-stream` for the live streams, whose event data `events` describes).
   */
  success: {
    status: 200 | 201;
    schema?: z.ZodType;
    binary?: string;
    events?: Record<string, z.ZodType>;
    /**
     * Every media type a binary answer may have, when there is more than `binary` (the default one):
     * media type → when it is sent.
     */
    binaryTypes?: Readonly<Record<string, string>>;
    /** Other success statuses with the same body: status → when it is answered (201 vs 200 for reuse). */
    alsoStatus?: Readonly<Partial<Record<200 | 201, string>>>;
  };
  /**
   * The error codes the route's own work can answer with. The codes every request can get from the
   * layers in front of it (host/origin guard, token check, body parsing, validation, the request
   * bound) are not listed here: `routeResponses` adds them from `auth` and `body`.
   */
  errors: readonly ErrorCode[];
}

/** What any operation on a live session may answer besides its own failures (`requireLive`, the session queue). */
export const liveSession = [
  'session_not_found',
  'page_not_found',
  'session_inactive',
  'session_unavailable',
  'busy',
  'timeout',
  'browser_unavailable',
  'registry_unavailable',
] as const satisfies readonly ErrorCode[];

/** The path params of a route on one session (`:id`: its id or name). */
export const byId = { params: s.SessionIdParamsSchema };
