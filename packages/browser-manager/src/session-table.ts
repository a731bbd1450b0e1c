import type { ConsoleEntry } from '@marketbridge/api-types';
import { PageNotFoundError, SessionNotFoundError } from './errors.js';
import type { ManagedSession } from './managed-session.js';

/** The live sessions by id, and the names whose session is still being opened. */
export class SessionTable {
  readonly #sessions = new Map<string, ManagedSession>();
  readonly #opening = new Map<string, Promise<ManagedSession>>();

  find(idOrName: string): ManagedSession | undefined {
    return this.#sessions.get(idOrName) ?? this.byName(idOrName);
  }

  byName(name: string): ManagedSession | undefined {
    for (const session of this.#sessions.values()) if (session.name === name) return session;
    return undefined;
  }

  require(idOrName: string): ManagedSession {
    const session = this.find(idOrName);
    if (!session) throw new SessionNotFoundError(idOrName);
    return session;
  }

  /**
   * The newest console entries of a session (of one page, with `pageId`), oldest first. A page closed
   * since is still found by the entries it left; an id neither open nor in the console is not.
   */
  console(idOrName: string, limit?: number, pageId?: string): ConsoleEntry[] {
    const session = this.require(idOrName);
    if (pageId === undefined) return session.console.latest(limit);
    if (!session.pageById(pageId) && !session.console.latest().some((e) => e.pageId === pageId))
      throw new PageNotFoundError(session.name, pageId);
    const mine = session.console.latest().filter((e) => e.pageId === pageId);
    return limit === undefined ? mine : mine.slice(-limit);
  }

  hasId(id: string): boolean {
    return this.#sessions.has(id);
  }

  /**
   * Whether this very session is still in the table. Work that outlived an await asks it: the session
   * may have been closed meanwhile, or replaced by a new one under the same id.
   */
  holds(session: ManagedSession): boolean {
    return this.#sessions.get(session.id) === session;
  }

  all(): IterableIterator<ManagedSession> {
    return this.#sessions.values();
  }

  add(session: ManagedSession): void {
    this.#sessions.set(session.id, session);
  }

  delete(session: ManagedSession): void {
    this.#sessions.delete(session.id);
  }

  clear(): void {
    this.#sessions.clear();
  }

  /** The session being opened under `name`, so a concurrent create of that name never opens two. */
  opening(name: string): Promise<ManagedSession> | undefined {
    return this.#opening.get(name);
  }

  /** Sessions live or being opened: what a session limit counts. */
  get count(): number {
    return this.#sessions.size + this.#opening.size;
  }

  markOpening(name: string, session: Promise<ManagedSession>): void {
    this.#opening.set(name, session);
  }

  doneOpening(name: string): void {
    this.#opening.delete(name);
  }
}
