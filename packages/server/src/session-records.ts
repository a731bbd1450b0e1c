import type { Session } from '@marketbridge/api-types';
import type { BrowserManager } from '@marketbridge/browser-manager';
import { RegistryNotFoundError, type SessionRecord, type SessionRegistry } from '@marketbridge/registry';
import type winston from 'winston';
import { activityPatch } from './registry-sync.js';

/** A registry record that has no live session, in the API's shape. */
export function inactiveSession(record: SessionRecord): Session {
  return {
    id: record.sessionId,
    name: record.sessionName,
    browserType: record.browserType,
    headless: record.headless,
    viewport: record.viewport,
    status: 'inactive',
    active: false,
    createdAt: record.createdAt,
    lastActivity: record.lastActivity,
    currentUrl: record.currentUrl,
    title: '',
    pageCount: 0,
    metadata: record.metadata,
  };
}

/**
 * The registry records of sessions at the points of their lifecycle: the record of a session the
 * manager just created or brought back, of one deleted (removed, or kept inactive), of one that could
 * not be restored, and of every live one at shutdown. These writes are made at once and awaited; the
 * throttled activity writes in between (URL, page count) are {@link RegistrySync}'s.
 */
export class SessionRecords {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly manager: BrowserManager,
    private readonly logger: winston.Logger,
  ) {}

  /** The record with this id, else the one of this name (the active one, else the latest). */
  async find(idOrName: string): Promise<SessionRecord | undefined> {
    return (await this.registry.get(idOrName)) ?? (await this.registry.getByName(idOrName));
  }

  /**
   * Writes the record of a session the manager just created: `record` (found before creating it) is
   * updated when it is this session's, otherwise the registry's one for its id, otherwise a new one is
   * made. If that fails the session is closed again and the error thrown: without its record the
   * session would be invisible to other processes.
   */
  async writeCreated(
    result: { session: Session; restored: boolean },
    record: SessionRecord | undefined,
  ): Promise<void> {
    const { session } = result;
    try {
      const fields = {
        sessionName: session.name,
        currentUrl: session.currentUrl,
        pageCount: session.pageCount,
        metadata: session.metadata,
        browserType: session.browserType,
        headless: session.headless,
        viewport: session.viewport,
      };
      const existing = record?.sessionId === session.id ? record : await this.registry.get(session.id);
      const updated = existing
        ? await this.registry
            .update(session.id, {
              ...fields,
              lastActivity: session.lastActivity,
              active: true,
              status: 'active',
            })
            .catch((error) => {
              // Removed meanwhile (a DELETE of the inactive record): write it afresh below.
              if (error instanceof RegistryNotFoundError) return undefined;
              throw error;
            })
        : undefined;
      if (!updated) await this.registry.create({ sessionId: session.id, ...fields });
    } catch (error) {
      await this.manager
        .closeSession(session.id, { keepState: result.restored })
        .catch((closeError) =>
          this.logger.warn(
            `Could not close "${session.name}" after a registry failure: ${String(closeError)}`,
          ),
        );
      throw error;
    }
  }

  /**
   * The record of a deleted session: with `keepState` marked inactive (with `last`'s activity when it
   * was live), so creating it by name brings it back; otherwise removed.
   */
  async forget(id: string, keepState: boolean, last?: Session): Promise<void> {
    if (keepState) {
      await this.registry
        .update(id, { ...(last ? activityPatch(last) : {}), active: false, status: 'inactive' })
        .catch((error) => {
          if ((error as { code?: string }).code !== 'session_not_found') throw error;
        });
    } else {
      await this.registry.remove(id);
    }
  }

  /** A record that could not be restored stays active, marked crashed: the next start tries again. */
  async markCrashed(record: SessionRecord): Promise<void> {
    await this.registry
      .update(record.sessionId, { status: 'crashed' })
      .catch((e) => this.logger.warn(`Could not mark "${record.sessionName}" crashed: ${String(e)}`));
  }

  /**
   * At shutdown: every live session's record left active with status `restoring` and its latest URL,
   * so the next start brings it back. Failures are logged.
   */
  async markRestoring(sessions: Session[]): Promise<void> {
    await Promise.all(
      sessions.map((session) =>
        this.registry
          .update(session.id, { ...activityPatch(session), active: true, status: 'restoring' })
          .catch((error) =>
            this.logger.warn(`Could not mark "${session.name}" for restore: ${(error as Error).message}`),
          ),
      ),
    );
  }
}
