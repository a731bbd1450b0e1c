import type { ManagedSession } from './managed-session.js';
import type { Warn } from './manager-deps.js';
import {
  type FrameListener,
  type ScreencastOptions,
  type ScreencastSubscription,
  SessionScreencast,
} from './screencast.js';

/** One shared screencast per session, and the subscriptions to it; the last one to leave stops it. */
export class SessionScreencasts {
  readonly #casts = new Map<ManagedSession, SessionScreencast>();

  constructor(private readonly warn: Warn) {}

  /** Sessions whose live picture is being produced. */
  get size(): number {
    return this.#casts.size;
  }

  subscribe(
    session: ManagedSession,
    listener: FrameListener,
    options: ScreencastOptions,
  ): ScreencastSubscription {
    let cast = this.#casts.get(session);
    if (!cast) {
      cast = new SessionScreencast(
        () => (session.status === 'active' ? session.activePage : undefined),
        options,
        (message, error) => this.warn(`Session "${session.name}": ${message}`, error),
      );
      this.#casts.set(session, cast);
    }
    const shared = cast;
    shared.subscribe(listener);
    let closed = false;
    return {
      close: () => {
        if (closed) return;
        closed = true;
        shared.unsubscribe(listener);
        // A subscription outliving a stop (session closed, then a new screencast) must not stop the new one.
        if (shared.size === 0 && this.#casts.get(session) === shared) this.stop(session);
      },
    };
  }

  stop(session: ManagedSession): void {
    const cast = this.#casts.get(session);
    this.#casts.delete(session);
    cast
      ?.stop()
      .catch((error) => this.warn(`Session "${session.name}": stopping the live view failed`, error));
  }

  stopAll(): void {
    for (const session of [...this.#casts.keys()]) this.stop(session);
  }
}
