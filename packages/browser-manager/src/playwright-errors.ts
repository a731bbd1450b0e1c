import { BrowserManagerError, OperationTimeoutError, SessionUnavailableError } from './errors.js';

/** First line of a Playwright error without its `page.goto: ` style prefix or call log. */
export function cleanMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0] ?? message;
  return first.replace(/^[a-zA-Z]+\.[a-zA-Z]+: /, '').trim();
}

export function isClosedError(error: unknown): boolean {
  return /Target page, context or browser has been closed|Target closed|Browser has been closed|browser has disconnected|has been closed/i.test(
    error instanceof Error ? error.message : String(error),
  );
}

/**
 * The renderer died under the call (out of memory, killed, `Page.crash`). Matched at the start of the
 * message, so a script that throws an Error with these words is still a script error.
 */
export function isCrashError(error: unknown): boolean {
  const message = cleanMessage(error);
  return message.startsWith(TARGET_CRASHED) || message.startsWith('Navigation failed because page crashed');
}

/** Playwright's words for a call whose renderer died; calls made without Playwright reject with them too. */
export const TARGET_CRASHED = 'Target crashed';

/**
 * Turns whatever a Playwright call threw into a BrowserManagerError: ours pass through, timeouts and
 * closed targets get their own types, anything else goes to `fallback` (the operation's own error type).
 */
export function toManagerError(
  error: unknown,
  ctx: { what: string; timeoutMs: number; sessionName: string; browserEndpoint?: string | undefined },
  fallback: (message: string, cause: unknown) => BrowserManagerError,
): BrowserManagerError {
  if (error instanceof BrowserManagerError) return error;
  if (error instanceof Error && error.name === 'TimeoutError') {
    const timeout = new OperationTimeoutError(ctx.what, ctx.timeoutMs, { cause: error });
    timeout.message += ` (${cleanMessage(error)})`;
    return timeout;
  }
  if (isCrashError(error)) {
    return new SessionUnavailableError(
      ctx.sessionName,
      'its page crashed during the request (the renderer died, e.g. out of memory) and is being reloaded',
      { cause: error },
    );
  }
  if (isClosedError(error)) {
    const what = ctx.browserEndpoint
      ? `its page or the connection to the browser server at ${ctx.browserEndpoint}`
      : 'its page or browser';
    return new SessionUnavailableError(ctx.sessionName, `${what} closed during the request`, {
      cause: error,
    });
  }
  return fallback(cleanMessage(error), error);
}
