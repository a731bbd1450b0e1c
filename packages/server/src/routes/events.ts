import type {
  ConsoleEntry,
  Session,
  SessionChangeEvent,
  SessionDialogEvent,
  SessionsEventType,
} from '@marketbridge/api-types';
import { routes } from '@marketbridge/api-types';
import type { BrowserManagerEvents } from '@marketbridge/browser-manager';
import { withCdpUrl } from '../cdp/cdp-url.js';
import { defineRoute } from '../http/route-module.js';

/** The manager's events that carry a session and stand for a change of it. */
type SessionEventName = {
  [K in keyof BrowserManagerEvents]: BrowserManagerEvents[K] extends [{ session: Session }] ? K : never;
}[keyof BrowserManagerEvents];

const forwarded: [SessionEventName, SessionsEventType][] = [
  ['session-created', 'created'],
  ['session-updated', 'updated'],
  ['session-crashed', 'crashed'],
  ['session-restoring', 'restoring'],
  ['session-restored', 'restored'],
  ['session-recycled', 'recycled'],
  ['session-closed', 'closed'],
];

/**
 * The live sessions list as Server-Sent Events: a `sessions` snapshot, then one `session` event per change, and a
 * `dialog` event for each dialog a page showed (answered already, by the session's policy).
 */
export default defineRoute('events', routes.events, async ({ deps, req, res }) => {
  const stream = deps.live.open(req, res);
  const present = (session: Session) => withCdpUrl(session, req, deps.config);
  stream.send('sessions', { sessions: deps.manager.listSessions().map(present) });
  const listeners = forwarded.map(([name, type]) => {
    const listener = ({ session }: { session: Session }) => {
      const event: SessionChangeEvent = { type, session: present(session), at: new Date().toISOString() };
      stream.send('session', event);
    };
    deps.manager.on(name, listener);
    return [name, listener] as const;
  });
  const onConsole = ({ sessionId, entry }: { sessionId: string; entry: ConsoleEntry }) => {
    if (entry.kind !== 'dialog') return;
    const name = deps.manager.listSessions().find((s) => s.id === sessionId)?.name ?? sessionId;
    stream.send('dialog', { sessionId, name, entry } satisfies SessionDialogEvent);
  };
  deps.manager.on('console', onConsole);
  stream.onClose(() => {
    for (const [name, listener] of listeners) deps.manager.off(name, listener);
    deps.manager.off('console', onConsole);
  });
  return { streamed: true };
});
