import { z } from 'zod';

/** Every error code the API can answer with, and the HTTP status it is sent with. */
export const errorStatus = {
  invalid_request: 400,
  url_not_allowed: 400,
  too_deep: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  session_not_found: 404,
  method_not_allowed: 405,
  timeout: 408,
  name_taken: 409,
  session_inactive: 409,
  page_not_found: 404,
  cdp_unavailable: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  script_error: 422,
  action_failed: 422,
  too_many_sessions: 429,
  internal_error: 500,
  navigation_failed: 502,
  browser_unavailable: 503,
  session_unavailable: 503,
  registry_unavailable: 503,
  busy: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];
export const ErrorCodeSchema = z.enum(errorCodes).describe('Machine-readable error code');

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string().describe('What went wrong and, where possible, what to do about it'),
      details: z.unknown().optional().describe('Extra structured context, e.g. validation issues'),
    }),
  })
  .describe('The body of every error response');
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorStatus, value);
}
