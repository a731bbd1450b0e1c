/**
 * The CDP message, and what one attached client may see: its contexts, the targets it was told of, and
 * the sessions in other contexts that auto-attach gave it (released, never shown).
 */

export interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

export interface TargetInfo {
  targetId: string;
  type?: string;
  browserContextId?: string;
}

/** The answer to `message` (same id, same target session). */
export function answerTo(message: CdpMessage, result: Record<string, unknown>): CdpMessage {
  return { id: message.id as number, result, ...(message.sessionId ? { sessionId: message.sessionId } : {}) };
}

/** The error answer to `message`; undefined when it had no id (nothing to answer). */
export function refusalOf(message: CdpMessage, code: number, text: string): CdpMessage | undefined {
  if (typeof message.id !== 'number') return undefined;
  return {
    id: message.id,
    error: { code, message: text },
    ...(message.sessionId ? { sessionId: message.sessionId } : {}),
  };
}

/** The contexts a client may use (the session's and those it created) and where each known target lives. */
export class CdpScope {
  readonly #allowed: Set<string>;
  readonly #own = new Set<string>();
  /** Target id → its context, for every target the browser has told this connection about. */
  readonly #targets = new Map<string, string | undefined>();
  /** Sessions the browser auto-attached this connection to in other contexts: released, never shown. */
  readonly #foreign = new Set<string>();

  constructor(readonly sessionContextId: string) {
    this.#allowed = new Set([sessionContextId]);
  }

  allows(context: string): boolean {
    return this.#allowed.has(context);
  }

  /** True when a command names no context, or one this client may use. */
  namesAllowedContext(context: unknown): boolean {
    return context === undefined || (typeof context === 'string' && this.#allowed.has(context));
  }

  /** A context this client created (it goes with the client's connection). */
  isOwn(context: string): boolean {
    return this.#own.has(context);
  }

  ownContexts(): string[] {
    return [...this.#own];
  }

  addOwn(context: string): void {
    this.#own.add(context);
    this.#allowed.add(context);
  }

  dropOwn(context: string): void {
    this.#own.delete(context);
    this.#allowed.delete(context);
  }

  /** Records where a target lives; true when this client may see it. */
  see(info: TargetInfo): boolean {
    this.#targets.set(info.targetId, info.browserContextId);
    return info.browserContextId !== undefined && this.#allowed.has(info.browserContextId);
  }

  knows(targetId: string): boolean {
    return this.#targets.has(targetId);
  }

  contextOf(targetId: string): string | undefined {
    return this.#targets.get(targetId);
  }

  forget(targetId: string): void {
    this.#targets.delete(targetId);
  }

  get hasForeignSessions(): boolean {
    return this.#foreign.size > 0;
  }

  /** Whether `sessionId` is a session of another context that this client must not see or use. */
  isForeign(sessionId: string): boolean {
    return this.#foreign.has(sessionId);
  }

  addForeign(sessionId: string): void {
    this.#foreign.add(sessionId);
  }

  /** Forgets a foreign session (detached); true when it was one. */
  dropForeign(sessionId: string): boolean {
    return this.#foreign.delete(sessionId);
  }
}
