// The error catalog without zod: the client reads it on its first request (`@marketbridge/api-types/wire`).

/**
 * Every error code the API can answer with: the HTTP status it is sent with and what it means. This
 * is the one definition of each error concept, used by both sides: the server answers with the code
 * and its status, the browser manager's errors carry the code, and the client picks its error class
 * by the code it receives (`SessionNotFoundError` for `session_not_found`, ...).
 */
export const errorCatalog = {
  invalid_request: {
    status: 400,
    meaning:
      'The path, query or body does not match the route, or the body cannot be read; nothing was done.',
  },
  unsupported_option: {
    status: 400,
    meaning:
      "A create option this session's browser cannot take (a mobile device on Firefox, a permission it does not know, a time zone or locale it does not have); nothing was made.",
  },
  url_not_allowed: {
    status: 400,
    meaning: 'The URL has a blocked scheme (only http: and https: by default) or a host that cannot exist.',
  },
  too_deep: {
    status: 400,
    meaning: 'The request body nests arrays or objects deeper than the limit; it was refused before parsing.',
  },
  unauthorized: {
    status: 401,
    meaning: 'The request carries no API token, or a token the server does not accept.',
  },
  forbidden: { status: 403, meaning: 'The Host or Origin header names a site other than the server.' },
  not_found: { status: 404, meaning: 'No route has this path.' },
  session_not_found: { status: 404, meaning: 'No session, live or kept, has this id or name.' },
  download_not_found: {
    status: 404,
    meaning: 'The session has no download with this id (GET /sessions/:id/downloads lists them).',
  },
  page_not_found: {
    status: 404,
    meaning: 'The session has no page with this id (GET /sessions/:id/pages lists them).',
  },
  method_not_allowed: {
    status: 405,
    meaning: 'The path exists, but not with this method (the Allow header lists the methods).',
  },
  timeout: { status: 408, meaning: 'The browser operation, or the request as a whole, ran out of time.' },
  name_taken: {
    status: 409,
    meaning:
      'A live session already has this name (`reuse: true` returns it instead); for a clone, a kept one too.',
  },
  session_inactive: {
    status: 409,
    meaning: 'The session is kept but has no live browser; creating it by name brings it back.',
  },
  cdp_unavailable: {
    status: 409,
    meaning:
      'The session cannot be reached over CDP: it runs Firefox or WebKit, or the server runs without CDP (--no-cdp, a remote browser server).',
  },
  payload_too_large: { status: 413, meaning: 'The request body is larger than the limit.' },
  unsupported_media_type: { status: 415, meaning: 'The request body is not UTF-8 application/json.' },
  script_error: {
    status: 422,
    meaning: 'The page script threw, did not parse, or returned something JSON cannot carry.',
  },
  action_failed: { status: 422, meaning: 'A page action (click, fill, key, wait, ...) could not be done.' },
  too_many_sessions: { status: 429, meaning: 'The server already runs as many sessions as it may.' },
  internal_error: { status: 500, meaning: 'An unexpected failure; the server log has the details.' },
  navigation_failed: { status: 502, meaning: 'The page could not be loaded.' },
  browser_unavailable: {
    status: 503,
    meaning: 'No browser can be started or reached, or the server failed to start.',
  },
  session_unavailable: {
    status: 503,
    meaning:
      'The session exists but cannot be used right now (restoring, recycling, or its page closed mid-request); retry.',
  },
  registry_unavailable: {
    status: 503,
    meaning: 'The session registry file cannot be read or written right now.',
  },
  busy: {
    status: 503,
    meaning: 'The queue of operations of the session is full; retry when earlier ones finish.',
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof errorCatalog;
export const errorCodes = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];

/** The HTTP status each error code is sent with (from {@link errorCatalog}). */
export const errorStatus = Object.fromEntries(
  errorCodes.map((code) => [code, errorCatalog[code].status]),
) as { readonly [C in ErrorCode]: (typeof errorCatalog)[C]['status'] };

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalog, value);
}
