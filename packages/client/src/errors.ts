import { type ErrorCode, isErrorCode } from '@marketbridge/api-types/wire';

/**
 * Base of every error the client side throws (the controller's `ControllerError` included). No raw ky
 * or fetch error escapes; the original is `cause`. Like ky's errors, each says what was asked and what
 * came back: an `ApiError` carries the method, URL, status and code, a `ConnectionError` the server.
 */
export class MarketBridgeError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface ApiErrorInit {
  status: number;
  code: string;
  method: string;
  url: string;
  serverMessage: string;
  details?: unknown;
  cause?: unknown;
}

/** The server answered with an error body: `POST http://…/sessions/x/navigate → 404 session_not_found: …`. */
export class ApiError extends MarketBridgeError {
  readonly status: number;
  readonly code: string;
  readonly method: string;
  readonly url: string;
  readonly serverMessage: string;
  readonly details: unknown;

  constructor(init: ApiErrorInit) {
    super(`${init.method} ${init.url} → ${init.status} ${init.code}: ${init.serverMessage}`, {
      cause: init.cause,
    });
    this.status = init.status;
    this.code = init.code;
    this.method = init.method;
    this.url = init.url;
    this.serverMessage = init.serverMessage;
    this.details = init.details;
  }
}

// The error codes, and what each means, are api-types' (`errorCatalog`): the server answers with
// them, and the codes a caller handles by type get a class of their own here.

/** An answer with the code `session_not_found`. */
export class SessionNotFoundError extends ApiError {}

/** An answer with the code `script_error`. */
export class ScriptError extends ApiError {}

/** An answer with the code `timeout`; or no answer in time (`code: 'client_timeout'`, status 0). */
export class TimeoutError extends ApiError {}

const classByCode: Partial<Record<ErrorCode, typeof ApiError>> = {
  session_not_found: SessionNotFoundError,
  script_error: ScriptError,
  timeout: TimeoutError,
};

/** The error for an error answer: the class of its code, else a plain `ApiError`. */
export function apiErrorOf(init: ApiErrorInit): ApiError {
  const Class = (isErrorCode(init.code) && classByCode[init.code]) || ApiError;
  return new Class(init);
}

/** The server could not be reached at all. */
export class ConnectionError extends MarketBridgeError {
  readonly url: string;
  /**
   * True when the connection broke after the request was sent (reset, closed by the server): unlike a
   * refused connection, the request may have run.
   */
  readonly lost: boolean;

  constructor(
    url: string,
    reason: string,
    options: { cause?: unknown; lost?: boolean; request?: string } = {},
  ) {
    super(
      options.lost
        ? `The connection to the MarketBridge session server at ${url} broke before an answer` +
            `${options.request ? ` to ${options.request}` : ''} (${reason}). The request may or may not have run: ` +
            'check before repeating an action that must not happen twice.'
        : `Cannot reach the MarketBridge session server at ${url} (${reason}). ` +
            'Start it with `mb-browser start`, or point MB_BROWSER_URL at a running one.',
      { cause: options.cause },
    );
    this.url = url;
    this.lost = options.lost ?? false;
  }
}
