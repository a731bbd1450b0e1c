import { randomBytes } from 'node:crypto';

const MAX_CODES = 100;

/**
 * Single-use, short-lived codes a dashboard page exchanges for the API token, so a link can open the
 * dashboard without the token ever being in a URL. Codes live in memory only (a restart voids them).
 */
export class LoginCodes {
  readonly #codes = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  create(ttlSeconds = 120): { code: string; expiresAt: Date } {
    this.#purge();
    while (this.#codes.size >= MAX_CODES) this.#codes.delete(this.#codes.keys().next().value as string);
    const code = randomBytes(24).toString('base64url');
    const expiresAt = this.#now() + ttlSeconds * 1000;
    this.#codes.set(code, expiresAt);
    return { code, expiresAt: new Date(expiresAt) };
  }

  /** True once for a known, unexpired code; the code is gone afterwards either way. */
  redeem(code: string): boolean {
    this.#purge();
    const expiresAt = this.#codes.get(code);
    this.#codes.delete(code);
    return expiresAt !== undefined && expiresAt > this.#now();
  }

  #purge(): void {
    const now = this.#now();
    for (const [code, expiresAt] of this.#codes) if (expiresAt <= now) this.#codes.delete(code);
  }
}
