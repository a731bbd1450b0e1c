import type { CDPSession, Page } from 'playwright-core';
import { TARGET_CRASHED } from './playwright-errors.js';

interface ExceptionDetails {
  text: string;
  exception?: { description?: string; value?: unknown };
}

interface EvaluateAnswer {
  result: { value?: unknown };
  exceptionDetails?: ExceptionDetails;
}

/** The message Playwright gives a script's exception (its `getExceptionMessage`), so errors read the same. */
function exceptionMessage(details: ExceptionDetails): string {
  if (details.exception) return details.exception.description || String(details.exception.value);
  return details.text;
}

/**
 * Evaluates `expression` in the page's main world over the page's own DevTools session, as
 * `page.evaluate` would (awaited, returned by value, with a user gesture), without Playwright's
 * per-call machinery: about a quarter less CPU per call in this process and in Chromium (BENCHMARKS.md).
 * A crash under the call rejects with Playwright's words for it, so errors map the same way (the
 * session alone would end the call as closed, not crashed). A close ends it through the session
 * itself, as page.evaluate's did: not at the page's `close` event, which comes before the manager has
 * seen the browser go (an operation right behind would then meet the dying context, not the restore).
 */
export async function evaluateOverCdp(page: Page, cdp: CDPSession, expression: string): Promise<unknown> {
  let stop = (): void => undefined;
  const ended = new Promise<never>((_, reject) => {
    const crashed = () => reject(new Error(TARGET_CRASHED));
    page.once('crash', crashed);
    stop = () => page.off('crash', crashed);
  });
  try {
    const answer = (await Promise.race([
      cdp.send('Runtime.evaluate', {
        expression,
        returnByValue: true,
        awaitPromise: true,
        userGesture: true,
      }),
      ended,
    ])) as EvaluateAnswer;
    if (answer.exceptionDetails) throw new Error(exceptionMessage(answer.exceptionDetails));
    return answer.result.value;
  } finally {
    stop();
  }
}
