import { randomBytes } from 'node:crypto';

/** How long a ticket may wait to be used. */
export const CDP_TICKET_TTL_MS = 60_000;
/** Tickets outstanding at most; the oldest go first (a client that asks for many uses few). */
const MAX_TICKETS = 1_000;

interface Ticket {
  sessionId: string;
  expiresAt: number;
}

/**
 * Single-use, short-lived passes to one session's CDP endpoint, for clients that cannot send an
 * Authorization header (the DevTools frontend, some tools): the token never goes in a URL.
 */
export class CdpTickets {
  readonly #tickets = new Map<string, Ticket>();

  issue(sessionId: string, now = Date.now()): { ticket: string; expiresAt: string } {
    this.#sweep(now);
    while (this.#tickets.size >= MAX_TICKETS) {
      const oldest = this.#tickets.keys().next().value;
      if (oldest === undefined) break;
      this.#tickets.delete(oldest);
    }
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = now + CDP_TICKET_TTL_MS;
    this.#tickets.set(ticket, { sessionId, expiresAt });
    return { ticket, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Uses up a ticket: true when it was issued for this session and has not expired. */
  redeem(ticket: string, sessionId: string, now = Date.now()): boolean {
    const found = this.#tickets.get(ticket);
    if (!found) return false;
    this.#tickets.delete(ticket);
    return found.sessionId === sessionId && found.expiresAt > now;
  }

  #sweep(now: number): void {
    for (const [ticket, { expiresAt }] of this.#tickets) if (expiresAt <= now) this.#tickets.delete(ticket);
  }
}
