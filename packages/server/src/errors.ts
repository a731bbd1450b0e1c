import { type ErrorBody, type ErrorCode, errorStatus } from '@marketbridge/api-types';
import { BrowserManagerError } from '@marketbridge/browser-manager';
import { RegistryError } from '@marketbridge/registry';

/**
 * An error the server answers with: one the HTTP layer raises itself (validation, auth, routing, an
 * inactive session), or any other mapped by {@link toHttpError}. The server side has one base, the
 * browser manager's `BrowserManagerError` (an api-types code, a message, details, the cause): the
 * manager cannot see the server, so the base is there, and what is HTTP's — the status and the body —
 * is added here.
 */
export class HttpError extends BrowserManagerError {
  get status(): number {
    return errorStatus[this.code];
  }

  body(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/**
 * The server refuses to start with this configuration: an option that cannot be used (the message
 * names it and what is accepted), or a token file it cannot use ({@link TokenFileError}). The other
 * base of the server's errors: thrown by `createServer` and `resolveServerOptions`, never answered
 * over HTTP.
 */
export class ServerOptionsError extends Error {
  override name = 'ServerOptionsError';
}

/**
 * The token file holds a token no client could send: the server refuses to start on it. The same
 * problem as an unusable `token` option, found in the file instead.
 */
export class TokenFileError extends ServerOptionsError {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(
      `The API token in ${file} is not usable: it ${problem}. ` +
        `Run "mb-browser token --rotate" to write a new one, or delete the file (a new one is made at the next start).`,
    );
    this.name = 'TokenFileError';
  }
}

const registryCodes: Record<string, ErrorCode> = {
  name_taken: 'name_taken',
  session_not_found: 'session_not_found',
  registry_corrupt: 'registry_unavailable',
  registry_locked: 'registry_unavailable',
  registry_lock_compromised: 'registry_unavailable',
  registry_io_error: 'registry_unavailable',
};

/** Body-parser (express.json) errors carry `type` and `status`. */
function bodyParserError(error: unknown): HttpError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (!('type' in error)) return clientError(error);
  const { type } = error as { type: unknown; limit?: number };
  switch (type) {
    case 'entity.too.deep':
      return new HttpError(
        'too_deep',
        error instanceof Error ? error.message : 'The request body is nested too deeply.',
      );
    case 'entity.parse.failed':
      return new HttpError('invalid_request', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new HttpError(
        'payload_too_large',
        `The request body is larger than the limit of ${(error as { limit?: number }).limit ?? '?'} bytes.`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError('unsupported_media_type', 'Send the body as UTF-8 application/json.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new HttpError('invalid_request', 'The request body could not be read.');
    default:
      return clientError(error);
  }
}

/**
 * Other errors Express and its body parser raise for a bad request carry a 4xx `status` (http-errors):
 * a path that is not valid percent-encoding, a body whose gzip/deflate/br encoding is broken.
 * They are the client's fault, never a 500.
 */
function clientError(error: object): HttpError | undefined {
  const status =
    (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (status === 413) return new HttpError('payload_too_large', 'The request body is too large.');
  if (status === 415)
    return new HttpError(
      'unsupported_media_type',
      'Send the body as UTF-8 application/json, without Content-Encoding.',
    );
  const message =
    error instanceof URIError || /decode/i.test((error as { message?: unknown }).message as string)
      ? 'The request path is not valid percent-encoding.'
      : 'The request could not be read (malformed path, body or encoding).';
  return new HttpError('invalid_request', message);
}

/**
 * Any thrown value → HttpError. Browser-manager and API errors keep their code; registry failures
 * become `registry_unavailable` (503) with the registry's message; anything unexpected is an
 * `internal_error` whose message says nothing about internals (the cause is logged, never sent).
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof BrowserManagerError) {
    return new HttpError(error.code, error.message, { details: error.details, cause: error });
  }
  if (error instanceof RegistryError) {
    const code = registryCodes[error.code];
    if (code) {
      const message =
        code === 'registry_unavailable'
          ? `The session registry is not usable right now: ${error.message}`
          : error.message;
      return new HttpError(code, message, { cause: error });
    }
  }
  const parsed = bodyParserError(error);
  if (parsed) return parsed;
  return new HttpError('internal_error', 'Internal error; the server log has the details.', { cause: error });
}
