/**
 * The browser's answers a client's filter waits for: answers to rewrite before the client sees them
 * (a list to cut to the session's targets, a context to note as the client's), and answers to the
 * proxy's own commands, which the client never sees. The proxy numbers its commands from
 * {@link OWN_ID_BASE} up, so an answer's id says whose it is.
 */

import { OWN_ID_BASE } from './cdp-rules.js';
import type { CdpMessage } from './cdp-scope.js';

type Rewrite = (result: Record<string, unknown>) => Record<string, unknown>;

export class PendingAnswers {
  /** Answers to rewrite before the client sees them, by the client's command id. */
  readonly #rewrite = new Map<number, Rewrite>();
  /** The proxy's own commands waiting for an answer. */
  readonly #ownCalls = new Map<number, (message: CdpMessage) => void>();
  #nextOwnId = OWN_ID_BASE;

  constructor(private readonly toBrowser: (message: CdpMessage) => void) {}

  /** Whether the browser's answer to command `id` needs a look before the client sees it. */
  watches(id: number): boolean {
    return id >= OWN_ID_BASE || this.#rewrite.has(id);
  }

  /** Rewrites the result of the answer to the client's command `id`. */
  rewrite(id: number, rewrite: Rewrite): void {
    this.#rewrite.set(id, rewrite);
  }

  /** Sends a command of the proxy's own; `then` gets its answer. */
  call(message: Omit<CdpMessage, 'id'>, then: (answer: CdpMessage) => void): void {
    const id = this.#nextOwnId++;
    this.#ownCalls.set(id, then);
    this.toBrowser({ ...message, id });
  }

  /** What the client gets of the browser's answer `message`: undefined when it was the proxy's own. */
  settle(message: CdpMessage & { id: number }): CdpMessage | undefined {
    const own = this.#ownCalls.get(message.id);
    if (own) {
      this.#ownCalls.delete(message.id);
      own(message);
      return undefined;
    }
    if (message.id >= OWN_ID_BASE) return undefined; // an answer to a release the proxy sent
    const rewrite = this.#rewrite.get(message.id);
    if (rewrite) {
      this.#rewrite.delete(message.id);
      if (message.result) return { ...message, result: rewrite(message.result) };
    }
    return message;
  }
}
