/**
 * The live streams of one session: the frames of its active page, and its changes picked out of the
 * server's stream of every session's. The handle they belong to hands over what a change needs: the
 * session's id, a way to fetch it again, and where to keep what an event says about it.
 */
import type { Session, SessionChangeEvent } from '@marketbridge/api-types';
import { openEventStream } from './event-stream.js';
import { type Frame, type FramesOptions, framesOf } from './frames.js';
import { LiveStream } from './live-stream.js';
import { openSessionsEvents, type SessionsStreamEvent } from './sessions-events.js';
import type { Transport } from './transport.js';

/** What the changes stream reads from and writes to the session handle it serves. */
export interface ChangesTarget {
  /** The session as last seen; undefined for a handle by name that has not asked yet. */
  current(): Session | undefined;
  refresh(): Promise<Session>;
  /** Keeps the session as an event describes it. */
  keep(session: Session): void;
}

/** The frames of the session's active page (see `SessionHandle.frames`). */
export async function openFrames(
  transport: Transport,
  params: { id: string },
  options: FramesOptions,
): Promise<LiveStream<Frame>> {
  const { signal, ...query } = options;
  const { messages, controller } = await openEventStream(transport, 'frames', { params, query, signal });
  return new LiveStream(framesOf(messages), controller);
}

/** The session's changes (see `SessionHandle.events`): open, and the session current, once this resolves. */
export async function openChanges(
  transport: Transport,
  target: ChangesTarget,
  signal: AbortSignal | undefined,
): Promise<LiveStream<SessionChangeEvent>> {
  const { id } = target.current() ?? (await target.refresh()); // its id, which the events carry
  const { events, controller } = await openSessionsEvents(transport, signal);
  try {
    const first = await events.next();
    const live = first.value?.type === 'snapshot' && first.value.sessions.find((s) => s.id === id);
    if (live) target.keep(live);
    // Not live: it must at least exist (SessionNotFoundError otherwise); it may be restored later.
    else if (!first.done) await target.refresh();
  } catch (error) {
    controller.abort();
    await events.return();
    throw error;
  }
  return new LiveStream(changesOf(events, id, target), controller);
}

/** The events about session `id`, each kept; done after its `closed`. */
async function* changesOf(
  events: AsyncGenerator<SessionsStreamEvent, void, undefined>,
  id: string,
  target: ChangesTarget,
): AsyncGenerator<SessionChangeEvent, void, undefined> {
  for await (const event of events) {
    if (event.type === 'snapshot' || event.type === 'dialog' || event.session.id !== id) continue;
    target.keep(event.session);
    yield event;
    if (event.type === 'closed') return;
  }
}
