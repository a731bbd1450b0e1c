import { BROWSER_HOUSEKEEPING_TIMEOUT_MS, type Session } from '@marketbridge/api-types';
import type { ManagedSession } from './managed-session.js';
import type { Emit, Warn } from './manager-deps.js';
import type { SessionDownloads } from './session-downloads.js';
import type { SessionScreencasts } from './session-screencasts.js';
import type { SessionTable } from './session-table.js';
import type { StateSaver } from './state-saver.js';
import type { StateStore } from './state-store.js';
import { withTimeout } from './with-timeout.js';

export interface SessionCloserDeps {
  sessions: SessionTable;
  store: StateStore;
  saver: StateSaver;
  screencasts: SessionScreencasts;
  downloads: SessionDownloads;
  emit: Emit;
  warn: Warn;
}

/** Takes a session out of service: its state kept or removed, its live view stopped, its context closed. */
export class SessionCloser {
  constructor(private readonly deps: SessionCloserDeps) {}

  async close(session: ManagedSession, keepState: boolean): Promise<Session> {
    const { sessions, saver, store, warn } = this.deps;
    // Out of the table first: whatever is still running for it (a save, a recycle) sees it closed.
    sessions.delete(session);
    saver.cancel(session);
    this.deps.screencasts.stop(session);
    if (keepState) {
      await saver.save(session).catch((error) => warn(`Could not save "${session.name}" on close`, error));
    } else {
      // A save in flight would otherwise write the file again after it is removed.
      await saver.settled(session);
      await store.remove(session.name);
      await this.deps.downloads
        .removeAll(session.id)
        .catch((error) => warn(`Could not remove the downloads of "${session.name}"`, error));
    }
    session.status = 'inactive';
    if (session.context) {
      await withTimeout(
        session.context.close(),
        BROWSER_HOUSEKEEPING_TIMEOUT_MS,
        'Closing the session',
      ).catch((error) => warn(`Could not close "${session.name}" cleanly`, error));
    }
    const info = session.info();
    this.deps.emit('session-closed', { session: info, stateKept: keepState });
    return info;
  }
}
