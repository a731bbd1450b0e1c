import type {
  CleanupResponse,
  CloneSessionRequest,
  CreateSessionRequest,
  DeleteSessionResponse,
  ForgottenSession,
  Session,
} from '@marketbridge/api-types';
import {
  type BrowserManager,
  type BrowserManagerError,
  NameTakenError,
  SessionNotFoundError,
  StateStore,
} from '@marketbridge/browser-manager';
import type { RetentionRule, SessionRecord, SessionRegistry } from '@marketbridge/registry';
import type winston from 'winston';
import { HttpError } from './errors.js';
import { KeptSessions } from './kept-sessions.js';
import { RegistrySync } from './registry-sync.js';
import { inactiveSession, SessionRecords } from './session-records.js';
import type { ServerStats } from './stats.js';

export interface SessionServiceOptions {
  manager: BrowserManager;
  registry: SessionRegistry;
  logger: winston.Logger;
  stats: ServerStats;
  /** Where the manager keeps state files; used to delete the state of sessions that are not live. */
  stateDir?: string;
  /** Registry activity writes per session at most this often, ms (1000). */
  registrySyncIntervalMs?: number;
  /** The retention rule for kept (inactive) sessions (default 100 records, 720 hours). */
  retention?: RetentionRule;
}

export interface CreateOutcome {
  session: Session;
  /** False when `reuse` returned a live session. */
  created: boolean;
  /** True when saved state (cookies, localStorage, pages) was loaded. */
  restored: boolean;
}

/**
 * Sessions as the API sees them: the manager's live sessions plus the registry's records, kept in
 * step. A facade: the manager owns the lifecycle, {@link SessionRecords} the record writes at each
 * step of it, {@link RegistrySync} the throttled activity writes, {@link KeptSessions} the retention
 * rule; this puts them in order per request and counts.
 */
export class SessionService {
  readonly manager: BrowserManager;
  readonly registry: SessionRegistry;
  readonly sync: RegistrySync;
  readonly retention: Readonly<RetentionRule>;
  readonly #records: SessionRecords;
  readonly #kept: KeptSessions;
  readonly #logger: winston.Logger;
  readonly #stats: ServerStats;
  readonly #store: StateStore;

  constructor(options: SessionServiceOptions) {
    this.manager = options.manager;
    this.registry = options.registry;
    this.#logger = options.logger;
    this.#stats = options.stats;
    this.#store = new StateStore(options.stateDir ?? options.manager.stateDir);
    this.#kept = new KeptSessions({
      registry: options.registry,
      manager: options.manager,
      store: this.#store,
      logger: options.logger,
      ...(options.retention ? { rule: options.retention } : {}),
    });
    this.retention = this.#kept.rule;
    this.#records = new SessionRecords(options.registry, options.manager, options.logger);
    this.sync = new RegistrySync(options.registry, options.logger, options.registrySyncIntervalMs);
    this.sync.attach(options.manager, {
      onCrashed: () => this.#stats.sessionsCrashed++,
      onRestored: () => this.#stats.sessionsRestored++,
    });
  }

  // ---- lookups -------------------------------------------------------------------------------

  /**
   * The live session with this id or name. A session the registry knows but that is not live
   * answers 409 session_inactive (with how to bring it back); an unknown one 404.
   */
  async requireLive(idOrName: string): Promise<Session> {
    const live = this.manager.findSession(idOrName);
    if (live) return live;
    throw await this.notLiveError(idOrName);
  }

  /** The error for an id or name that has no live session: session_inactive or session_not_found. */
  async notLiveError(idOrName: string): Promise<BrowserManagerError> {
    const record = await this.#records.find(idOrName);
    if (!record) return new SessionNotFoundError(idOrName);
    return new HttpError(
      'session_inactive',
      `Session "${record.sessionName}" (${record.sessionId}) is inactive: it has no live browser. ` +
        `POST /sessions {"name": "${record.sessionName}"} brings it back with its saved state.`,
      { details: { id: record.sessionId, name: record.sessionName } },
    );
  }

  /** A live session, or the registry's record of one that is not live. */
  async get(idOrName: string): Promise<Session> {
    const live = this.manager.findSession(idOrName);
    if (live) return live;
    const record = await this.#records.find(idOrName);
    if (!record) throw new SessionNotFoundError(idOrName);
    return inactiveSession(record);
  }

  /** Live sessions, then the registry's records without a live session (inactive). */
  async list(filter: { name?: string; active?: boolean } = {}): Promise<Session[]> {
    const live = this.manager.listSessions();
    const liveIds = new Set(live.map((s) => s.id));
    const liveNames = new Set(live.map((s) => s.name));
    const records = filter.active === true ? [] : await this.registry.list();
    const dormant = records
      .filter((r) => !liveIds.has(r.sessionId) && !liveNames.has(r.sessionName))
      .map(inactiveSession);
    return [...(filter.active === false ? [] : live), ...dormant].filter(
      (s) => filter.name === undefined || s.name === filter.name,
    );
  }

  // ---- create --------------------------------------------------------------------------------

  /**
   * Creates a session, brings back a saved one of that name, or with `reuse` returns the live one.
   * The manager owns the lifecycle (default name, reuse, one opening per name, the session limit);
   * this adds the registry: a record of the name keeps its id, and a new session gets its record.
   */
  async create(request: CreateSessionRequest & { id?: string; timeoutMs?: number }): Promise<CreateOutcome> {
    // A live name needs no registry read: the manager answers (the live session with reuse, else name_taken).
    if (request.name !== undefined && this.manager.findSession(request.name))
      return { ...(await this.manager.createSession(request)), restored: false };
    // A record of this name (inactive, or left active by an earlier run) keeps its id.
    const record: SessionRecord | undefined = request.id
      ? await this.registry.get(request.id)
      : request.name === undefined
        ? undefined
        : await this.registry.getByName(request.name);
    const id = request.id ?? record?.sessionId;
    const result = await this.manager.createSession({ ...request, ...(id ? { id } : {}) });
    if (!result.created) return { session: result.session, created: false, restored: false };
    await this.#records.writeCreated(result, record);
    const { session, restored } = result;
    this.#stats.sessionsCreated++;
    if (restored) this.#stats.sessionsRestored++;
    this.#logger.info(`Session "${session.name}" ${restored ? 'restored' : 'created'}`, {
      session: session.id,
    });
    return { session: this.manager.findSession(session.id) ?? session, created: true, restored };
  }

  /**
   * A new session from a live one: its options, cookies and localStorage (and, withPages, its page
   * URLs). The name must be free in the registry too: a kept session's record and state are never
   * taken over by a clone (409 name_taken).
   */
  async clone(idOrName: string, request: CloneSessionRequest): Promise<Session> {
    const source = await this.requireLive(idOrName);
    if (!this.manager.findSession(request.name) && (await this.registry.getByName(request.name)))
      throw new NameTakenError(request.name, true);
    const result = await this.manager.cloneSession(source.id, request);
    await this.#records.writeCreated(result, undefined);
    this.#stats.sessionsCreated++;
    this.#logger.info(`Session "${result.session.name}" made as a copy of "${source.name}"`, {
      session: result.session.id,
      from: source.id,
    });
    return this.manager.findSession(result.session.id) ?? result.session;
  }

  // ---- delete and cleanup --------------------------------------------------------------------

  /**
   * Closes a session (if live) and forgets it: record and state removed, or with keepState marked
   * inactive — and then the retention rule applied to the kept sessions ({@link forgetExpired}).
   */
  async delete(idOrName: string, keepState: boolean): Promise<DeleteSessionResponse> {
    const deleted = await this.#delete(idOrName, keepState);
    if (keepState) await this.#kept.apply();
    return deleted;
  }

  async #delete(idOrName: string, keepState: boolean): Promise<DeleteSessionResponse> {
    const live = this.manager.findSession(idOrName);
    if (live) {
      await this.manager.closeSession(live.id, { keepState });
      await this.sync.forget(live.id);
      await this.#records.forget(live.id, keepState, live);
      this.#stats.sessionsDeleted++;
      this.#logger.info(`Session "${live.name}" deleted${keepState ? ' (state kept)' : ''}`, {
        session: live.id,
      });
      return { id: live.id, name: live.name, deleted: true, stateKept: keepState };
    }
    const record = await this.#records.find(idOrName);
    if (!record) throw new SessionNotFoundError(idOrName);
    if (!keepState) await this.#store.remove(record.sessionName);
    await this.#records.forget(record.sessionId, keepState);
    this.#stats.sessionsDeleted++;
    this.#logger.info(
      `Session "${record.sessionName}" (inactive) deleted${keepState ? ' (state kept)' : ''}`,
      { session: record.sessionId },
    );
    return { id: record.sessionId, name: record.sessionName, deleted: true, stateKept: keepState };
  }

  /**
   * Closes live sessions idle for longer than `maxAgeHours` (state kept; records marked inactive),
   * then applies the retention rule to the kept sessions. A retention failure is logged, not thrown.
   */
  async cleanup(maxAgeHours: number, now = Date.now()): Promise<Required<CleanupResponse>> {
    const cutoff = now - maxAgeHours * 3_600_000;
    const idle = this.manager.listSessions().filter((s) => Date.parse(s.lastActivity) < cutoff);
    const deleted: string[] = [];
    for (const session of idle) {
      try {
        await this.#delete(session.id, true);
        deleted.push(session.id);
      } catch (error) {
        this.#logger.warn(`Cleanup could not close "${session.name}": ${(error as Error).message}`, {
          session: session.id,
        });
      }
    }
    if (deleted.length > 0)
      this.#logger.info(`Cleanup closed ${deleted.length} idle session(s)`, { deleted });
    return { deleted, forgotten: await this.#kept.apply() };
  }

  /** The retention rule ({@link retention}) applied to the kept sessions: see {@link KeptSessions}. */
  forgetExpired(): Promise<ForgottenSession[]> {
    return this.#kept.forgetExpired();
  }

  // ---- start and stop ------------------------------------------------------------------------

  /**
   * Brings back every session the registry lists as active, with its id, name and options; the
   * manager reloads its cookies, localStorage and pages. A failure is logged and the record marked
   * crashed (it stays active, so the next start tries again); it never stops the server.
   */
  async restoreAll(): Promise<{ restored: Session[]; failed: string[] }> {
    const records = await this.registry.list({ active: true });
    const restored: Session[] = [];
    const failed: string[] = [];
    await Promise.all(
      records.map(async (record) => {
        if (this.manager.findSession(record.sessionId) || this.manager.findSession(record.sessionName))
          return;
        try {
          const { session } = await this.create({
            id: record.sessionId,
            name: record.sessionName,
            browserType: record.browserType,
            headless: record.headless,
            viewport: record.viewport,
            metadata: record.metadata,
          });
          restored.push(session);
        } catch (error) {
          failed.push(record.sessionId);
          this.#logger.error(
            `Could not restore session "${record.sessionName}" (${record.sessionId}): ${(error as Error).message}`,
            { session: record.sessionId },
          );
          await this.#records.markCrashed(record);
        }
      }),
    );
    return { restored, failed };
  }

  /** Writes the latest URL and page count of every live session to the registry (background loop). */
  refreshRecords(): void {
    for (const session of this.manager.listSessions()) this.sync.touch(session);
  }

  /**
   * For shutdown: flush pending writes, then leave every live session's record active with status
   * `restoring` (and its latest URL), so the next start brings it back. Call before `manager.close()`.
   */
  async markForRestart(): Promise<void> {
    this.sync.detach();
    await this.sync.flush();
    await this.#records.markRestoring(this.manager.listSessions());
  }
}
