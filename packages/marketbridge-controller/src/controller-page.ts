import type { SessionHandle } from '@marketbridge/client';
import { ControllerError } from './errors.js';
import { READ_LOG } from './page-scripts.js';
import type { SelectorName, Selectors } from './selectors.js';

export interface ControllerLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** A log line that reports a refusal (the page's error lines). */
const ERROR_LINE = /\berror\b|\bfail|\brejected\b|not connected|already subscribed|invalid/i;
const POLL_MS = 150;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A positive number of milliseconds, or `fallback` when absent; anything else is the caller's mistake. */
export function positiveMs(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new ControllerError('invalid_input', `${what} must be a number of milliseconds above 0`);
  return value;
}

/**
 * What every workflow does to the MarketBridge page, in one place: the session in use, read-only scripts,
 * bounded actions on named selectors, polling for what the page shows, its log, and why the last workflow
 * refused. The workflows (subscriptions, orders, market data, readiness) are functions over it.
 */
export class ControllerPage {
  session: SessionHandle | undefined;
  lastFailure: string | undefined;

  constructor(
    readonly selectors: Readonly<Selectors>,
    readonly log: ControllerLogger,
    readonly actionTimeoutMs: number,
    readonly confirmTimeoutMs: number,
  ) {}

  requireSession(): SessionHandle {
    if (!this.session)
      throw new ControllerError('no_session', 'No session: call startSession() first (or it was closed)');
    return this.session;
  }

  /** Records and logs why a workflow refused; `false` for its caller to return. */
  fail(reason: string): false {
    this.lastFailure = reason;
    this.log.warn(reason);
    return false;
  }

  /** Runs a read-only page script; the selector map is its first argument. */
  script<T>(script: string, ...extra: unknown[]): Promise<T> {
    return this.requireSession().executeJs<T>(script, this.selectors, ...extra);
  }

  act(action: 'click' | 'fill' | 'select', name: SelectorName, value?: string, selector?: string) {
    const session = this.requireSession();
    const target = selector ?? this.selectors[name];
    const options = { timeoutMs: this.actionTimeoutMs };
    if (action === 'click') return session.click(target, options);
    if (action === 'fill') return session.fill(target, value ?? '', options);
    return session.select(target, value ?? '', options);
  }

  /** Polls `check` until it returns something other than undefined, or `timeoutMs` passes (→ undefined). */
  async poll<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() >= deadline) return undefined;
      await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
    }
  }

  readLog(): Promise<string[]> {
    return this.script<string[]>(READ_LOG);
  }

  /** Error lines logged since `before` was read. */
  async newErrors(before: ReadonlySet<string>): Promise<string[]> {
    return (await this.readLog()).filter((line) => !before.has(line) && ERROR_LINE.test(line));
  }
}
