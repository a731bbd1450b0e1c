import type { Session, SessionChangeEvent, SessionDialogEvent } from '@marketbridge/api-types';
import { eventOf, openEventStream } from './event-stream.js';
import type { Transport } from './transport.js';

/**
 * What `BrowserClient.events()` yields: first every live session, then one event per change, and one per
 * dialog a page showed (already answered by the session's policy).
 */
export type SessionsStreamEvent =
  | { type: 'snapshot'; sessions: Session[] }
  | SessionChangeEvent
  | ({ type: 'dialog' } & SessionDialogEvent);

/** Opens the `events` route, the live sessions list, decoded. */
export async function openSessionsEvents(
  transport: Transport,
  signal?: AbortSignal,
): Promise<{ events: AsyncGenerator<SessionsStreamEvent, void, undefined>; controller: AbortController }> {
  const { messages, controller } = await openEventStream(transport, 'events', { signal });
  async function* decoded(): AsyncGenerator<SessionsStreamEvent, void, undefined> {
    for await (const message of messages) {
      const event = eventOf('events', message);
      if (event?.event === 'sessions') yield { type: 'snapshot', sessions: event.data.sessions };
      else if (event?.event === 'session') yield event.data;
      else if (event?.event === 'dialog') yield { type: 'dialog', ...event.data };
    }
  }
  return { events: decoded(), controller };
}
