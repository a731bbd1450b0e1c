import type { FrameEvent, StreamEndEvent } from '@marketbridge/api-types';
import { routes } from '@marketbridge/api-types';
import { defineRoute, noteSession } from '../http/route-module.js';

/**
 * The live picture of a session as Server-Sent Events: one `frame` event per frame (base64 JPEG, the
 * page viewport it shows, browser timestamp). A client that does not keep up misses frames rather
 * than falling behind. Ends with an `end` event when the session closes.
 */
export default defineRoute('frames', routes.frames, async ({ params, query, deps, req, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  const stream = deps.live.open(req, res);
  let seq = 0;
  const subscription = deps.manager.screencast(
    session.id,
    (frame) => {
      if (stream.congested) return;
      const event: FrameEvent = {
        seq: seq++,
        timestamp: frame.timestamp,
        sentAt: performance.timeOrigin + performance.now(),
        viewport: frame.viewport,
        url: frame.url,
        mode: frame.mode,
        jpeg: frame.data.toString('base64'),
      };
      stream.send('frame', event);
    },
    {
      ...(query.quality !== undefined ? { quality: query.quality } : {}),
      ...(query.maxWidth !== undefined ? { maxWidth: query.maxWidth } : {}),
      ...(query.maxHeight !== undefined ? { maxHeight: query.maxHeight } : {}),
    },
  );
  const onClosed = ({ session: closed }: { session: { id: string } }) => {
    if (closed.id !== session.id) return;
    stream.send('end', { reason: 'session closed' } satisfies StreamEndEvent);
    stream.end();
  };
  deps.manager.on('session-closed', onClosed);
  stream.onClose(() => {
    subscription.close();
    deps.manager.off('session-closed', onClosed);
  });
  return { streamed: true };
});
