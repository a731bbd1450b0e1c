import type { Session, SessionChangeEvent } from '@marketbridge/api-types';
import { dataOf, openEventStream } from './event-stream.js';
import type { Transport } from './transport.js';

/** What `BrowserClient.events()` yields: first every live session, then one event per change. */
export type SessionsStreamEvent = { type: 'snapshot'; sessions: Session[] } | SessionChangeEvent;

/** Opens `GET /events`, the live sessions list, decoded. */
export async function openSessionsEvents(
  transport: Transport,
  signal?: AbortSignal,
): Promise<{ events: AsyncGenerator<SessionsStreamEvent, void, undefined>; controller: AbortController }> {
  const { messages, controller } = await openEventStream(transport, { path: '/events' }, signal);
  async function* decoded(): AsyncGenerator<SessionsStreamEvent, void, undefined> {
    for await (const message of messages) {
      if (message.event === 'sessions') {
        yield { type: 'snapshot', sessions: dataOf<{ sessions: Session[] }>(message).sessions };
      } else if (message.event === 'session') {
        yield dataOf<SessionChangeEvent>(message);
      }
    }
  }
  return { events: decoded(), controller };
}
