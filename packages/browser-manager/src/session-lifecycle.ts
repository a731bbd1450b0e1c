/**
 * The lifecycle of the manager and of each session in it: what runs when the manager starts (stale
 * temporaries removed, orphaned browsers reaped) and when it stops (state saved, pools emptied, browsers
 * killed), and the create, clone, close and recycle of one session with the rules checked before any
 * browser is touched. The parts built in manager-parts.ts do the work; this module decides the order.
 */
import { randomUUID } from 'node:crypto';
import {
  type BrowserType,
  CreateSessionRequestSchema,
  formatIssues,
  type Session,
  SessionNameSchema,
} from '@marketbridge/api-types';
import { BrowserPool } from './browser-pool.js';
import {
  BrowserManagerError,
  InvalidOptionError,
  NameTakenError,
  SessionUnavailableError,
} from './errors.js';
import type { Warn } from './manager-deps.js';
import type { ManagerParts } from './manager-parts.js';
import { isAlive, killTree, ownBrowserPids, reapOrphanedBrowsers } from './processes.js';
import type {
  BrowserManagerOptions,
  CloneSessionOptions,
  CloseSessionOptions,
  CreateSessionOptions,
  CreateSessionResult,
} from './types.js';
import { checkNavigableUrl } from './url-policy.js';
import { withTimeout } from './with-timeout.js';

export interface SessionLifecycleDeps {
  parts: Omit<ManagerParts, 'lifecycle'>;
  options: BrowserManagerOptions;
  instanceId: string;
  warn: Warn;
}

/** What the manager cleaned up after dead owners when it started. */
export interface StartReport {
  reaped: number[];
  tempFilesRemoved: string[];
}

/** Starts and stops the manager; creates, clones, closes and recycles its sessions. */
export class SessionLifecycle {
  #closed = false;

  constructor(private readonly deps: SessionLifecycleDeps) {}

  /** Set once shutdown has begun: background work stops, and new sessions are refused. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Launches the browser of a kind and fills its ready contexts, so the first session of that kind
   * waits for neither; with the warm pool off, the browser alone. A session started meanwhile shares
   * the launch in flight.
   */
  async prepare(browserType: BrowserType, headless: boolean): Promise<void> {
    this.assertOpen();
    const { pool, warm } = this.deps.parts;
    const browser = await pool.get(browserType, headless);
    warm.refill(BrowserPool.key(browserType, headless), browser);
  }

  assertOpen(): void {
    if (this.#closed)
      throw new BrowserManagerError('browser_unavailable', 'The browser manager has been closed.');
  }

  /** Removes the half-written state files and (unless `reapOrphans: false`) the browsers dead owners left. */
  async start(): Promise<StartReport> {
    const { parts, options, warn } = this.deps;
    const tempFilesRemoved = await parts.store.removeStaleTempFiles(isAlive);
    if (options.reapOrphans === false) return { reaped: [], tempFilesRemoved };
    const reaped = reapOrphanedBrowsers();
    if (reaped.length > 0) {
      warn(`Reaped ${reaped.length} browser process(es) left by a dead owner: ${reaped.join(', ')}`);
    }
    return { reaped, tempFilesRemoved };
  }

  async create(options: CreateSessionOptions): Promise<CreateSessionResult> {
    this.assertOpen();
    const { id, timeoutMs, pages, ...request } = options;
    // One rule, the api-types schema's, applied here as well rather than trusting the type: an
    // embedder's JavaScript and the registry records restored at start never pass the HTTP edge, and a
    // name becomes a state file's name. Over HTTP this repeats the edge's parse (which answers 400).
    const parsed = CreateSessionRequestSchema.safeParse(request);
    if (!parsed.success)
      throw new InvalidOptionError(`Invalid session options: ${formatIssues(parsed.error)}`);
    const allowFileUrls = this.deps.options.allowFileUrls ?? false;
    const initialUrl = request.url ? checkNavigableUrl(request.url, allowFileUrls) : undefined;
    const name = request.name ?? `session-${randomUUID().slice(0, 8)}`;
    return this.deps.parts.opener.create(
      name,
      { ...request, ...(id ? { id } : {}), ...(pages ? { pages } : {}) },
      initialUrl,
      timeoutMs,
    );
  }

  async clone(idOrName: string, options: CloneSessionOptions): Promise<CreateSessionResult> {
    this.assertOpen();
    const name = SessionNameSchema.safeParse(options.name);
    if (!name.success) throw new InvalidOptionError(`Invalid clone name: ${formatIssues(name.error)}`);
    const { sessions, store, storage, opener } = this.deps.parts;
    sessions.require(idOrName);
    if (sessions.byName(name.data) || sessions.opening(name.data)) throw new NameTakenError(name.data);
    if (await store.has(name.data)) throw new NameTakenError(name.data, true);
    // Refused before the original is read: reading it is an operation on it (and its activity is recorded).
    opener.assertRoom();
    const source = await storage.cloneSource(idOrName);
    const { identity } = source;
    return opener.create(
      name.data,
      {
        ...(options.id ? { id: options.id } : {}),
        browserType: identity.browserType,
        headless: identity.headless,
        viewport: { ...identity.viewport },
        metadata: structuredClone(identity.metadata),
        ...(identity.dialogs ? { dialogs: { ...identity.dialogs } } : {}),
        ...structuredClone(identity.options ?? {}),
        storageState: source.storage,
        pages: options.withPages ? source.urls : [],
      },
      undefined,
      options.timeoutMs,
    );
  }

  close(idOrName: string, options: CloseSessionOptions): Promise<Session> {
    const session = this.deps.parts.sessions.require(idOrName);
    return this.deps.parts.closer.close(session, Boolean(options.keepState));
  }

  /**
   * Stops the background work, saves every session, empties the warm pool and closes the browsers
   * within `timeoutMs`; whatever is still running then is killed. Only the first call does anything.
   */
  async shutdown(timeoutMs: number): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const { parts, warn } = this.deps;
    parts.saver.stop();
    parts.recycler.stop();
    parts.screencasts.stopAll();
    const shutdown = (async () => {
      await this.saveAll();
      await parts.warm.close(Math.max(1_000, timeoutMs / 4));
      await parts.pool.closeAll(Math.max(1_000, timeoutMs / 2));
    })();
    await withTimeout(shutdown, timeoutMs, 'Closing the browser manager').catch((error) => {
      warn('Shutdown took too long; killing browsers', error);
    });
    for (const pid of ownBrowserPids(this.deps.instanceId)) killTree(pid);
    for (const session of parts.sessions.all()) session.status = 'inactive';
    parts.sessions.clear();
  }

  /** Failures are reported as warnings, not thrown: one session's full disk must not stop the others'. */
  async saveAll(): Promise<void> {
    const { sessions, saver } = this.deps.parts;
    await Promise.all(
      [...sessions.all()].map((s) =>
        saver.save(s).catch((error) => this.deps.warn(`Could not save state of "${s.name}"`, error)),
      ),
    );
  }

  async recycle(idOrName: string): Promise<{ session: Session; durationMs: number }> {
    const { sessions, recycler } = this.deps.parts;
    const session = sessions.require(idOrName);
    const durationMs = await recycler.recycle(session, 'requested');
    // The recycler declined: say why, from what the session is now.
    if (durationMs === undefined) {
      const why = sessions.holds(session) ? `it is ${session.status}` : 'it was closed';
      throw new SessionUnavailableError(session.name, why);
    }
    return { session: session.info(), durationMs };
  }
}
