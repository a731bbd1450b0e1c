import { resolve } from 'node:path';
import { atomicUpdate, loadRegistry, type UpdateContext } from './atomic-update.js';
import { DEFAULT_STALE_MS, MIN_STALE_MS } from './lock.js';
import { addRecord, clone, forgetPicked, patchRecord, removeIdleSince } from './record-edits.js';
import { checkRetentionRule, pickExpired, type RetentionRule } from './retention.js';
import type {
  CreateSessionInput,
  ListFilter,
  RegistryDraft,
  RegistrySnapshot,
  SessionPatch,
  SessionRecord,
} from './types.js';

export interface SessionRegistryOptions {
  /**
   * The registry file. Required: the home layout (`homeLayout().registryFile` from
   * `@marketbridge/api-types/home`) owns where it lives; this package stays a leaf.
   */
  file: string;
  /** A lock older than this is considered left by a dead process and taken over. Default 10 000, min 2000. */
  staleMs?: number;
  /** Corrupt files moved aside, invalid records dropped, lock trouble. Default: `process.emitWarning`. */
  onWarning?: (message: string) => void;
  /** The clock for timestamps (tests). Default `() => new Date()`. */
  now?: () => Date;
}

export interface CleanupOptions {
  /** The reference time. Default: the registry's clock. */
  now?: Date;
  /** Only remove inactive records (leave active ones, however old). Default false. */
  inactiveOnly?: boolean;
}

export interface ForgetExpiredOptions {
  /** The reference time. Default: the registry's clock. */
  now?: Date;
  /**
   * Records to treat as live although the file says inactive (e.g. a session being brought back
   * whose record is not yet marked active): neither forgotten nor counted.
   */
  spare?: (record: SessionRecord) => boolean;
}

export interface ForgetExpiredResult {
  /** The records removed, oldest first. */
  forgotten: SessionRecord[];
  /**
   * Names of forgotten records that no remaining record uses: their state files may go (unless a
   * live session of that name exists, which the caller knows best).
   */
  unusedNames: string[];
}

function byCreation(a: SessionRecord, b: SessionRecord): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.sessionId < b.sessionId ? -1 : 1);
}

function snapshotOf(
  sessions: Iterable<[string, SessionRecord]>,
  lastUpdated: string | null,
): RegistrySnapshot {
  const entries = [...sessions];
  return {
    sessions: Object.fromEntries(entries.map(([id, r]) => [id, clone(r)])),
    activeSessions: entries.filter(([, r]) => r.active).map(([id]) => id),
    lastUpdated,
  };
}

/**
 * The session registry file: many processes may read and update it at once. Every update is a
 * locked read-change-write ({@link SessionRegistry.mutate}) that replaces the file atomically;
 * reads take no lock.
 */
export class SessionRegistry {
  readonly file: string;
  readonly staleMs: number;
  readonly #ctx: UpdateContext;

  constructor(options: SessionRegistryOptions) {
    if (typeof options?.file !== 'string' || options.file === '')
      throw new TypeError(
        'SessionRegistry needs `file`: the registry file, e.g. homeLayout().registryFile from @marketbridge/api-types/home.',
      );
    const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
    if (!Number.isFinite(staleMs) || staleMs < MIN_STALE_MS) {
      throw new RangeError(
        `staleMs must be at least ${MIN_STALE_MS} (proper-lockfile's minimum), got ${staleMs}`,
      );
    }
    this.file = resolve(options.file);
    this.staleMs = staleMs;
    this.#ctx = {
      file: this.file,
      staleMs,
      onWarning:
        options.onWarning ??
        ((message) => process.emitWarning(message, { type: 'MarketBridgeRegistryWarning' })),
      now: options.now ?? (() => new Date()),
    };
  }

  /**
   * The locked read-change-write primitive every writer uses. `fn` gets a draft of the whole registry
   * (records by id, live objects) and may add, change or delete records; its return value is
   * returned. It must be synchronous. If it throws, nothing is written. Afterwards every record is
   * validated ({@link RegistryValidationError}) and a new clash of active names is refused
   * ({@link RegistryNameTakenError}); `active_sessions` and `last_updated` are derived.
   */
  mutate<T>(fn: (draft: RegistryDraft) => T): Promise<T> {
    return atomicUpdate(this.#ctx, fn);
  }

  /**
   * The whole file, decoded. Takes no lock. A missing file is an empty registry. A corrupt file is
   * moved aside (under the lock) and {@link RegistryCorruptError} is thrown; invalid records are
   * dropped from the file (after a backup copy) and left out of the result.
   */
  async read(): Promise<RegistrySnapshot> {
    const loaded = await loadRegistry(this.file);
    if (loaded.kind === 'missing') return { sessions: {}, activeSessions: [], lastUpdated: null };
    if (loaded.kind === 'ok' && loaded.invalid.length === 0) {
      return snapshotOf(
        [...loaded.state.sessions].map(([id, s]) => [id, s.record]),
        loaded.state.lastUpdated,
      );
    }
    // Corrupt, or with invalid records: deal with it under the lock (move aside, or back up and repair).
    return this.mutate((draft) => snapshotOf(draft.sessions, draft.lastUpdated));
  }

  /**
   * Adds an active session. Throws {@link RegistryNameTakenError} if an active session has the name.
   * With the `sessionId` of an existing inactive record, that record is reactivated instead (its
   * `createdAt` and unknown fields are kept; given fields replace its own); with the id of an active
   * record, {@link RegistrySessionExistsError}.
   */
  create(input: CreateSessionInput): Promise<SessionRecord> {
    return this.mutate((draft) => addRecord(draft, input));
  }

  /**
   * Changes fields of a session (`undefined` values are ignored; `metadata` is replaced, not merged).
   * `lastActivity` becomes now unless given. Patching only `active` also sets `status` (false →
   * 'inactive'; true → 'active' if it was 'inactive'); patching only `status` also sets `active`
   * ('inactive' → false, 'active'/'restoring' → true, 'crashed' → unchanged).
   * Throws {@link RegistryNotFoundError}, or {@link RegistryNameTakenError} if the result would
   * share its name with another active session.
   */
  update(id: string, patch: SessionPatch): Promise<SessionRecord> {
    return this.mutate((draft) => patchRecord(draft, id, patch));
  }

  /** Sets `active: false`, `status: 'inactive'`, `lastActivity: now`. Throws {@link RegistryNotFoundError}. */
  markInactive(id: string): Promise<SessionRecord> {
    return this.update(id, { active: false, status: 'inactive' });
  }

  /** Deletes the record. Returns whether there was one. */
  remove(id: string): Promise<boolean> {
    return this.mutate((draft) => draft.sessions.delete(id));
  }

  /**
   * Deletes every record (active or not, unless `inactiveOnly`) whose `lastActivity` is more than
   * `maxAgeHours` before `now` (strictly older; a record exactly at the cutoff stays). Returns the
   * deleted ids. It only edits the file: closing the browsers of those sessions is the caller's job.
   */
  cleanup(maxAgeHours: number, opts: CleanupOptions = {}): Promise<string[]> {
    if (!Number.isFinite(maxAgeHours) || maxAgeHours < 0) {
      return Promise.reject(new RangeError(`maxAgeHours must be a number >= 0, got ${maxAgeHours}`));
    }
    return this.mutate((draft) =>
      removeIdleSince(
        draft,
        (opts.now ?? new Date(draft.now)).getTime() - maxAgeHours * 3_600_000,
        opts.inactiveOnly ?? false,
      ),
    );
  }

  /**
   * Applies the retention rule ({@link pickExpired}) to the inactive records, in one locked update:
   * removes the ones it picks and returns them (decided again under the lock). Throws a RangeError
   * for a bad rule. It only edits the file: deleting their state files is
   * the caller's job ({@link ForgetExpiredResult.unusedNames}).
   */
  async forgetExpired(rule: RetentionRule, opts: ForgetExpiredOptions = {}): Promise<ForgetExpiredResult> {
    checkRetentionRule(rule);
    // The usual case, nothing to forget, takes no lock: a lock-free read decides.
    const { sessions } = await this.read();
    const spared = Object.values(sessions).filter((r) => !opts.spare?.(r));
    if (pickExpired(spared, rule, opts.now ?? this.#ctx.now()).length === 0)
      return { forgotten: [], unusedNames: [] };
    return this.mutate((draft) => forgetPicked(draft, rule, opts.now ?? new Date(draft.now), opts.spare));
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const { sessions } = await this.read();
    return Object.hasOwn(sessions, id) ? sessions[id] : undefined;
  }

  /** The active session with this name; else (unless `activeOnly`) the most recently active one. */
  async getByName(name: string, opts: { activeOnly?: boolean } = {}): Promise<SessionRecord | undefined> {
    const named = (await this.list({ name })).sort(
      (a, b) =>
        Number(b.active) - Number(a.active) || Date.parse(b.lastActivity) - Date.parse(a.lastActivity),
    );
    const best = named[0];
    return best && (best.active || !opts.activeOnly) ? best : undefined;
  }

  /** Records matching the filter, oldest `createdAt` first. */
  async list(filter: ListFilter = {}): Promise<SessionRecord[]> {
    const { sessions } = await this.read();
    return Object.values(sessions)
      .filter((r) => filter.active === undefined || r.active === filter.active)
      .filter((r) => filter.name === undefined || r.sessionName === filter.name)
      .sort(byCreation);
  }
}
