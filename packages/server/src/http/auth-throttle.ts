/**
 * Slows down repeated failed authentications from one remote address: after `freeFailures` 401s
 * within `windowMs` of each other, every further 401 to that address is held back before it is sent,
 * `firstDelayMs` for the first, doubling each time, at most `maxDelayMs`. A quiet `windowMs` with no
 * failure forgets the address. Only 401s wait: a request with a good token is never delayed, whoever
 * sends it (on one machine every local client shares 127.0.0.1, so a success does not reset the count).
 *
 * The table of addresses is bounded (`maxAddresses`): when it is full, the address whose last failure
 * is oldest is forgotten (an expired one, if there is any: those are the oldest).
 */
export interface AuthThrottleOptions {
  /** 401s answered at once from one address, before the delays start. */
  freeFailures: number;
  /** An address with no failure for this long starts over, ms. */
  windowMs: number;
  /** Delay of the first held-back 401, ms; it doubles with each further failure. */
  firstDelayMs: number;
  /** Largest delay, ms. */
  maxDelayMs: number;
  /** Addresses remembered at most. */
  maxAddresses: number;
}

export const DEFAULT_AUTH_THROTTLE: AuthThrottleOptions = {
  freeFailures: 20,
  windowMs: 60_000,
  firstDelayMs: 100,
  maxDelayMs: 1_600,
  maxAddresses: 1_024,
};

interface Entry {
  failures: number;
  last: number;
}

export interface AuthFailure {
  /** Failures from this address in the current window, this one included. */
  failures: number;
  /** How long to hold this 401 back, ms (0: send it now). */
  delayMs: number;
}

export class AuthThrottle {
  readonly options: AuthThrottleOptions;
  readonly #now: () => number;
  /** In order of last failure, oldest first (an entry is moved to the end on each failure). */
  readonly #entries = new Map<string, Entry>();

  constructor(options: Partial<AuthThrottleOptions> = {}, now: () => number = Date.now) {
    this.options = { ...DEFAULT_AUTH_THROTTLE, ...options };
    this.#now = now;
  }

  /** Addresses remembered now. */
  get size(): number {
    return this.#entries.size;
  }

  /** Failures counted for `address` in its current window (0 when none or expired). */
  failuresOf(address: string): number {
    const entry = this.#entries.get(address);
    return entry && this.#now() - entry.last <= this.options.windowMs ? entry.failures : 0;
  }

  /** Counts a failed authentication from `address`; says how long its 401 waits. */
  failure(address: string): AuthFailure {
    const now = this.#now();
    const { freeFailures, windowMs, firstDelayMs, maxDelayMs } = this.options;
    const previous = this.#entries.get(address);
    const failures = previous && now - previous.last <= windowMs ? previous.failures + 1 : 1;
    this.#entries.delete(address);
    this.#makeRoom();
    this.#entries.set(address, { failures, last: now });
    const over = failures - freeFailures;
    // 2 ** over overflows to Infinity for a long attacker run; min() keeps the cap.
    const delayMs = over <= 0 ? 0 : Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(over - 1, 30));
    return { failures, delayMs };
  }

  /** Drops the entries whose last failure is oldest (expired ones are among them) until one more fits. */
  #makeRoom(): void {
    for (const address of this.#entries.keys()) {
      if (this.#entries.size < this.options.maxAddresses) return;
      this.#entries.delete(address);
    }
  }
}
