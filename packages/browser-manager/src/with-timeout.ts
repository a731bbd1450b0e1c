import { OperationTimeoutError } from './errors.js';

/**
 * Races `work` against a timer. Playwright's own timeouts cover most calls, but not page.evaluate or a
 * renderer that stopped answering; this is the bound that makes sure nothing hangs forever.
 * `onTimeout` runs once when the timer wins (e.g. to interrupt the page); once it has, the result is
 * the timeout error even if `work` then fails because of the interruption.
 */
export async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  what: string,
  onTimeout?: () => Promise<unknown> | unknown,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      void Promise.resolve()
        .then(onTimeout)
        .catch(() => undefined)
        .finally(() => reject(new OperationTimeoutError(what, timeoutMs)));
    }, timeoutMs);
  });
  expired.catch(() => undefined);
  const settled = work.then(
    (value) => value,
    (error: unknown) => (timedOut ? expired : Promise.reject(error)),
  );
  try {
    return await Promise.race([settled, expired]);
  } finally {
    clearTimeout(timer);
  }
}
