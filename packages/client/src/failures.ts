/**
 * What a request that got no answer means: whether to try it again, and the error its caller gets. A
 * failure comes from node:http (its error carries the code) or from fetch (a TypeError whose cause does).
 */
import { ConnectionError, type MarketBridgeError, TimeoutError } from './errors.js';

type FailureOf = { code?: string; message?: string; cause?: { code?: string; message?: string } };

/** The system error code of a failed request: on fetch's error's cause, or on node:http's error itself. */
function codeOf(error: unknown): string | undefined {
  const failure = (error ?? {}) as FailureOf;
  return failure.cause?.code ?? failure.code;
}

/** Codes of a connection that broke once the request was on its way (not of one never made). */
const LOST = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);

function reasonOf(error: unknown): string {
  const failure = (error ?? {}) as FailureOf;
  return codeOf(error) ?? failure.cause?.message ?? failure.message ?? String(error);
}

export function describe(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause;
  return [(error as Error).message, cause?.message].filter(Boolean).join(': ');
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/**
 * The wait before attempt `n + 1` of a request whose attempt `n` failed without an answer, or undefined
 * for none. A refused connection is retried for any method, since nothing reached the server (200 ms,
 * doubling); a read (GET) after any failure but a timeout (300 ms, doubling, at most 1 s: the policy
 * ky's `retry` applied to reads). An answer is never retried, whatever its status (ky's retry on
 * 502/503/504 never applied: it was told not to throw on an error status, and it retries only a throw).
 */
export function retryDelayMs(method: string, error: unknown, n: number): number | undefined {
  if (method === 'GET') return isTimeout(error) ? undefined : Math.min(300 * 2 ** n, 1_000);
  return codeOf(error) === 'ECONNREFUSED' ? 200 * 2 ** n : undefined;
}

/** Waits `ms`; rejects with the signal's reason once it aborts. */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The request the failure is of, as its error names it. */
export interface FailedRequest {
  baseUrl: string;
  method: string;
  path: string;
  url: string;
  timeoutMs: number;
}

/** The error for a request that got no answer: TimeoutError for one out of time, else ConnectionError. */
export function noAnswerError(error: unknown, request: FailedRequest): MarketBridgeError {
  if (isTimeout(error)) {
    return new TimeoutError({
      status: 0,
      code: 'client_timeout',
      method: request.method,
      url: request.url,
      serverMessage: `no answer within ${request.timeoutMs} ms`,
      cause: error,
    });
  }
  const reason = reasonOf(error);
  return new ConnectionError(request.baseUrl, reason, {
    cause: error,
    lost: LOST.has(reason),
    request: `${request.method} ${request.path}`,
  });
}
