import type { CDPSession, Page } from 'playwright-core';

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
 * per-call machinery: a third less CPU per call in this process and in Chromium (BENCHMARKS.md).
 * A crash or close under the call rejects with Playwright's words for it, so errors map the same way.
 */
export async function evaluateOverCdp(page: Page, cdp: CDPSession, expression: string): Promise<unknown> {
  let stop = (): void => undefined;
  const ended = new Promise<never>((_, reject) => {
    const crashed = () => reject(new Error('Target crashed'));
    const closed = () => reject(new Error('Target page, context or browser has been closed'));
    page.once('crash', crashed);
    page.once('close', closed);
    stop = () => {
      page.off('crash', crashed);
      page.off('close', closed);
    };
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
