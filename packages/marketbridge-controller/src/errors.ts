import { MarketBridgeError } from '@marketbridge/client';

export type ControllerErrorCode =
  /** An argument failed validation; nothing was sent to the page. */
  | 'invalid_input'
  /** A method that needs the session was called before `startSession()` (or after `close()`). */
  | 'no_session';

/** An error of the controller itself; errors of the session server arrive as the client's own classes. */
export class ControllerError extends MarketBridgeError {
  readonly code: ControllerErrorCode;

  constructor(code: ControllerErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}
