/**
 * The one timeout policy. An operation has one budget — its `timeoutMs`, or for a fixed wait its
 * duration plus a little — and each layer bounds the layer below it by that budget plus its own
 * margin, so the innermost bound always answers first with the most precise error:
 *
 *   browser (Playwright's own timeout)   budget
 *   browser-manager hard bound           budget + manager margin   (a renderer that stopped answering)
 *   server request bound                 budget + server margin    (408, if the manager did not answer)
 *   client request bound                 budget + client margin    (no answer at all)
 *
 * Bounds that only exist to catch a hung browser (launching it, opening or closing a context,
 * reading its storage state) are not the user's operation timeout: they are long enough that a busy
 * or slow machine does not reach them. Slow must mean slow, not broken.
 */

/** Default budget of one browser operation, ms. */
export const DEFAULT_OPERATION_TIMEOUT_MS = 30_000;

/** Margin each layer adds on top of the operation's budget. */
export const TIMEOUT_MARGINS_MS = {
  manager: 2_000,
  server: 5_000,
  client: 10_000,
} as const;

export type TimeoutLayer = keyof typeof TIMEOUT_MARGINS_MS;

/**
 * Bound of starting a session (launching its browser if needed, opening its context, reopening its
 * pages). Not an operation: only a browser that hangs reaches it, whatever the operation timeout.
 */
export const SESSION_START_TIMEOUT_MS = 45_000;

/** Bound of browser housekeeping: reading storage state to save it, closing a context or a page. */
export const BROWSER_HOUSEKEEPING_TIMEOUT_MS = 30_000;

/** A fixed wait (`{ for: 'timeout', ms }`) gets this much on top of its duration before it counts as late. */
const FIXED_WAIT_SLACK_MS = 1_000;

/** What an operation request may carry that decides its budget. */
export interface BudgetInput {
  timeoutMs?: number | undefined;
  /** A fixed wait's duration (`WaitRequest` with `for: 'timeout'`). */
  ms?: number | undefined;
}

/** The browser-side budget of one operation: its own timeout, at least a fixed wait's duration plus slack. */
export function operationBudgetMs(
  input: BudgetInput | undefined,
  defaultMs: number = DEFAULT_OPERATION_TIMEOUT_MS,
): number {
  const own = input?.timeoutMs ?? defaultMs;
  return input?.ms === undefined ? own : Math.max(input.ms + FIXED_WAIT_SLACK_MS, input.timeoutMs ?? 0);
}

/** The bound a layer puts around an operation whose budget is `budgetMs`. */
export function layerBoundMs(layer: TimeoutLayer, budgetMs: number): number {
  return budgetMs + TIMEOUT_MARGINS_MS[layer];
}
