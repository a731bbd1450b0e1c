import type { ForgottenSession } from '@marketbridge/api-types';
import type { BrowserManager, StateStore } from '@marketbridge/browser-manager';
import {
  checkRetentionRule,
  DEFAULT_RETENTION,
  type RetentionRule,
  type SessionRegistry,
} from '@marketbridge/registry';
import type winston from 'winston';

export interface KeptSessionsOptions {
  registry: SessionRegistry;
  manager: BrowserManager;
  /** The state files of the sessions; a forgotten session's is deleted with its record. */
  store: StateStore;
  logger: winston.Logger;
  /** Default 100 records, 720 hours; a bad rule throws a RangeError naming the field. */
  rule?: RetentionRule;
}

/**
 * The retention of kept (inactive) sessions: a session deleted with its state kept, or closed for
 * being idle, stays in the registry so its name brings it back, but not for ever — beyond the rule's
 * count or past its age its record and state file go. The registry picks and removes the records
 * under its lock (so that several processes agree); the state files, which it does not know, and the
 * live sessions, which only this process knows, are handled here.
 */
export class KeptSessions {
  readonly rule: Readonly<RetentionRule>;
  readonly #registry: SessionRegistry;
  readonly #manager: BrowserManager;
  readonly #store: StateStore;
  readonly #logger: winston.Logger;

  constructor(options: KeptSessionsOptions) {
    this.rule = { ...(options.rule ?? DEFAULT_RETENTION) };
    checkRetentionRule(this.rule);
    this.#registry = options.registry;
    this.#manager = options.manager;
    this.#store = options.store;
    this.#logger = options.logger;
  }

  /**
   * Forgets the kept sessions beyond the count or past the age — record removed, state file deleted
   * unless a live session or another record uses that name. Live sessions are never touched (a record
   * the file says inactive but whose session is live is spared). Returns what was forgotten, oldest first.
   */
  async forgetExpired(): Promise<ForgottenSession[]> {
    const { forgotten, unusedNames } = await this.#registry.forgetExpired(this.rule, {
      spare: (record) => this.#manager.findSession(record.sessionId) !== undefined,
    });
    if (forgotten.length === 0) return [];
    const deletable = new Set(unusedNames.filter((name) => !this.#manager.findSession(name)));
    const removed = new Set<string>();
    for (const name of deletable) {
      try {
        await this.#store.remove(name);
        removed.add(name);
      } catch (error) {
        this.#logger.warn(`Could not delete the saved state of "${name}": ${(error as Error).message}`);
      }
    }
    const result = forgotten.map((r) => ({
      id: r.sessionId,
      name: r.sessionName,
      lastActivity: r.lastActivity,
      stateDeleted: removed.has(r.sessionName),
    }));
    this.#logger.info(
      `Retention forgot ${result.length} kept session(s) (at most ${this.rule.maxKept}, ` +
        `${this.rule.maxAgeHours} h): ${result.map((r) => r.name).join(', ')}`,
      { forgotten: result.map((r) => r.id) },
    );
    return result;
  }

  /**
   * {@link forgetExpired} after a delete or an idle close, failures logged instead of thrown: the
   * session was closed all the same, and the next run of the rule catches up.
   */
  async apply(): Promise<ForgottenSession[]> {
    try {
      return await this.forgetExpired();
    } catch (error) {
      this.#logger.warn(`Retention of kept sessions failed: ${(error as Error).message}`);
      return [];
    }
  }
}
