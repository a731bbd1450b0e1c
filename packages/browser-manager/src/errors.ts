import type { ErrorCode } from '@marketbridge/api-types';

/**
 * Base of every error browser-manager throws, and so of the server side's errors (the server's
 * `HttpError` extends it): `code` is an api-types error code — its status and what it means are
 * `errorCatalog`'s — with optional `details` and the original error as `cause`. The manager knows
 * nothing of HTTP: the server adds the status and the body it answers with.
 */
export class BrowserManagerError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }
}

// SessionNotFoundError and ScriptError have namesakes in @marketbridge/client: one concept, one code
// (api-types), seen from each side: thrown here, received there from the HTTP answer.

export class SessionNotFoundError extends BrowserManagerError {
  constructor(idOrName: string) {
    super('session_not_found', `No session with id or name "${idOrName}". List sessions to see what exists.`);
  }
}

export class NameTakenError extends BrowserManagerError {
  /** `kept`: the name is a kept (inactive) session's, which a clone may not overwrite. */
  constructor(name: string, kept = false) {
    super(
      'name_taken',
      kept
        ? `A kept session is named "${name}" (its state is saved); a clone may not replace it. Delete it first (DELETE /sessions/${name}) or pick another name.`
        : `A live session named "${name}" already exists. Pass reuse: true to get it instead.`,
    );
  }
}

export class TooManySessionsError extends BrowserManagerError {
  constructor(running: number, limit: number) {
    super(
      'too_many_sessions',
      `Already running ${running} sessions, the limit (maxSessions) is ${limit}. Delete or clean up sessions first.`,
      { details: { running, limit } },
    );
  }
}

export class OperationTimeoutError extends BrowserManagerError {
  constructor(what: string, timeoutMs: number, options: { cause?: unknown } = {}) {
    super('timeout', `${what} did not finish within ${timeoutMs} ms`, options);
  }
}

export class SessionBusyError extends BrowserManagerError {
  constructor(name: string, queued: number, limit: number) {
    super(
      'busy',
      `Session "${name}" already has ${queued} operations waiting (limit ${limit}); retry when earlier ones have finished.`,
      { details: { queued, limit } },
    );
  }
}

export class ScriptError extends BrowserManagerError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('script_error', message, options);
  }
}

export class ActionError extends BrowserManagerError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('action_failed', message, options);
  }
}

export class NavigationError extends BrowserManagerError {
  constructor(url: string, reason: string, options: { cause?: unknown } = {}) {
    super('navigation_failed', `Navigation to ${url} failed: ${reason}`, options);
  }
}

export class UrlNotAllowedError extends BrowserManagerError {
  /** `scheme` is the refused scheme, or `invalid-host` for an http(s) URL whose host cannot exist. */
  constructor(url: string, scheme: string) {
    super(
      'url_not_allowed',
      scheme === 'invalid-host'
        ? `"${url.slice(0, 100)}" has no valid host name. Send a full URL such as http://localhost:8080/path.`
        : `URL scheme "${scheme}" is blocked (${url.slice(0, 100)}). Only http: and https: are allowed unless the server runs with --allow-file-urls.`,
    );
  }
}

export class BrowserUnavailableError extends BrowserManagerError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('browser_unavailable', message, options);
  }
}

export class SessionUnavailableError extends BrowserManagerError {
  constructor(name: string, why: string, options: { cause?: unknown } = {}) {
    super(
      'session_unavailable',
      `Session "${name}" is not usable right now: ${why}. Retry in a moment.`,
      options,
    );
  }
}

export class InvalidOptionError extends BrowserManagerError {
  constructor(message: string) {
    super('invalid_request', message);
  }
}

/** A create option the session's browser cannot take (a mobile device on Firefox, a permission it does not know). */
export class UnsupportedOptionError extends BrowserManagerError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('unsupported_option', message, options);
  }
}

/** Writing a session's state file failed (full disk, unwritable directory); the previous file is kept. */
export class StateSaveError extends BrowserManagerError {
  /** The file-system error code, e.g. `ENOSPC`. */
  readonly errno: string | undefined;

  constructor(sessionName: string, file: string, cause: unknown) {
    const errno = (cause as NodeJS.ErrnoException).code;
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    super(
      'internal_error',
      `The state of session "${sessionName}" was not saved to ${file} (${reason}); the previously saved state is kept.`,
      { cause },
    );
    this.errno = errno;
  }
}

/** The session cannot be reached over CDP: not Chromium, a remote browser server, or CDP turned off. */
export class CdpUnavailableError extends BrowserManagerError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('cdp_unavailable', message, options);
  }
}

export class PageNotFoundError extends BrowserManagerError {
  constructor(sessionName: string, pageId: string) {
    super(
      'page_not_found',
      `Session "${sessionName}" has no page "${pageId.slice(0, 64)}". List its pages (GET /sessions/:id/pages) for their ids.`,
    );
  }
}

export class DownloadNotFoundError extends BrowserManagerError {
  constructor(sessionName: string, downloadId: string) {
    super(
      'download_not_found',
      `Session "${sessionName}" has no download "${downloadId.slice(0, 64)}". List them with GET /sessions/:id/downloads.`,
    );
  }
}
