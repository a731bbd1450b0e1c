import type { Session } from '@marketbridge/api-types';
import type { BrowserManager } from '@marketbridge/browser-manager';
import { RegistryNotFoundError, type SessionPatch, type SessionRegistry } from '@marketbridge/registry';
import type winston from 'winston';

/** The registry fields that follow a live session's activity (never its active flag or status). */
export function activityPatch(session: Session): SessionPatch {
  return {
    currentUrl: session.currentUrl,
    pageCount: session.pageCount,
    lastActivity: session.lastActivity,
  };
}

interface Pending {
  /** Unset while the pending patch waits for a write still in flight rather than for the interval. */
  timer?: NodeJS.Timeout;
  patch: SessionPatch;
}

/**
 * Keeps registry records in step with live sessions. Activity (URL, page count, last activity) is
 * written at most once per `intervalMs` per session — the first change at once, later ones merged
 * into one trailing write; status changes (crashed, restored) are written at once. Writes of one
 * session are chained, so they land in order, and an activity write never queues behind another one
 * still in flight: the newest patch waits for it instead, so a busy session on a slow disk has at most
 * one write queued, not one per interval (64 busy sessions once built a backlog of 700 writes, which
 * shutdown then waited for). Failures are logged, never thrown: the registry is a
 * mirror for other processes, and a write that fails is retried by the next change.
 */
export class RegistrySync {
  readonly #pending = new Map<string, Pending>();
  readonly #lastWrite = new Map<string, number>();
  readonly #written = new Map<string, string>();
  readonly #chains = new Map<string, Promise<void>>();
  readonly #detach: (() => void)[] = [];
  /** The last write failed (cleared by the next success); `/health` reports degraded meanwhile. */
  lastError: Error | undefined;

  constructor(
    private readonly registry: SessionRegistry,
    private readonly logger: winston.Logger,
    private readonly intervalMs = 1_000,
  ) {}

  /** Follows the manager's events until `detach()`. */
  attach(manager: BrowserManager, hooks: { onCrashed?(): void; onRestored?(): void } = {}): void {
    const updated = ({ session }: { session: Session }) => this.touch(session);
    const crashed = ({ session, reason }: { session: Session; reason: string }) => {
      hooks.onCrashed?.();
      this.logger.warn(`Session "${session.name}" crashed (${reason}); restoring it`, {
        session: session.id,
      });
      this.write(session.id, { status: 'crashed' });
    };
    const restored = ({ session, reason }: { session: Session; reason: string }) => {
      hooks.onRestored?.();
      this.logger.info(`Session "${session.name}" restored after ${reason}`, { session: session.id });
      this.#cancel(session.id);
      this.write(session.id, { ...activityPatch(session), status: 'active' });
    };
    manager.on('session-updated', updated);
    manager.on('session-crashed', crashed);
    manager.on('session-restored', restored);
    this.#detach.push(() => {
      manager.off('session-updated', updated);
      manager.off('session-crashed', crashed);
      manager.off('session-restored', restored);
    });
  }

  detach(): void {
    for (const off of this.#detach.splice(0)) off();
  }

  /** Records activity of a live session, throttled. */
  touch(session: Session): void {
    const patch = activityPatch(session);
    const pending = this.#pending.get(session.id);
    // A busy session mostly has a write pending: then the patch only replaces it, nothing is compared.
    if (!pending && this.#written.get(session.id) === JSON.stringify(patch)) return;
    if (pending) {
      pending.patch = patch;
      return;
    }
    const wait = (this.#lastWrite.get(session.id) ?? 0) + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.#writeActivity(session.id, patch);
      return;
    }
    const timer = setTimeout(() => {
      const due = this.#pending.get(session.id);
      this.#pending.delete(session.id);
      if (due) this.#writeActivity(session.id, due.patch);
    }, wait);
    timer.unref();
    this.#pending.set(session.id, { timer, patch });
  }

  /** Writes activity now, or once the write in flight for `id` is done (the patch pending meanwhile). */
  #writeActivity(id: string, patch: SessionPatch): void {
    const inFlight = this.#chains.get(id);
    if (!inFlight) {
      void this.write(id, patch);
      return;
    }
    const entry: Pending = { patch };
    this.#pending.set(id, entry);
    void inFlight.then(() => {
      // Cancelled (restored, forgotten) or taken by a flush meanwhile: nothing left to write.
      if (this.#pending.get(id) !== entry) return;
      this.#pending.delete(id);
      this.#writeActivity(id, entry.patch);
    });
  }

  /** Queues a write of `patch` to the record `id` (after the writes already queued for it). */
  write(id: string, patch: SessionPatch): Promise<void> {
    this.#lastWrite.set(id, Date.now());
    const { currentUrl, pageCount, lastActivity } = patch;
    if (currentUrl !== undefined && pageCount !== undefined && lastActivity !== undefined) {
      this.#written.set(id, JSON.stringify({ currentUrl, pageCount, lastActivity }));
    }
    const previous = this.#chains.get(id) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        await this.registry.update(id, patch);
        this.lastError = undefined;
      } catch (error) {
        // The record was removed (session deleted) while this write waited: nothing to do.
        if (error instanceof RegistryNotFoundError) return;
        this.lastError = error as Error;
        this.logger.warn(
          `Could not update the registry record of session ${id}: ${(error as Error).message}`,
        );
      }
    });
    this.#chains.set(id, next);
    void next.then(() => {
      if (this.#chains.get(id) === next) this.#chains.delete(id);
    });
    return next;
  }

  /** Writes every pending activity update now and waits for every queued write. */
  async flush(): Promise<void> {
    for (const [id, pending] of [...this.#pending]) {
      clearTimeout(pending.timer);
      this.#pending.delete(id);
      this.write(id, pending.patch);
    }
    await Promise.all([...this.#chains.values()]);
  }

  /** Drops the pending update of `id` and waits for its queued writes (before removing the record). */
  async forget(id: string): Promise<void> {
    this.#cancel(id);
    this.#lastWrite.delete(id);
    this.#written.delete(id);
    await this.#chains.get(id);
  }

  #cancel(id: string): void {
    const pending = this.#pending.get(id);
    if (pending) clearTimeout(pending.timer);
    this.#pending.delete(id);
  }
}
