import { OperationTimeoutError } from './errors.js';

/**
 * Races `work` against a timer. Playwright's own timeouts cover most calls, but not page.evaluate or a
 * renderer that stopped answering; this is the bound that makes sure nothing hangs forever.
 * `onTimeout` runs once when the timer wins (e.g. to interrupt the page).
 */
export async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  what: string,
  onTimeout?: () => Promise<unknown> | unknown,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void Promise.resolve()
        .then(onTimeout)
        .catch(() => undefined)
        .finally(() => reject(new OperationTimeoutError(what, timeoutMs)));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}
