import type { FrameEvent, FramesQuery } from '@marketbridge/api-types';
import { decodeBase64 } from './base64.js';
import { eventOf } from './event-stream.js';
import type { SseMessage } from './sse-parser.js';

/** One picture of the session's active page, as `frames()` yields it. */
export interface Frame extends Omit<FrameEvent, 'jpeg'> {
  /** The JPEG bytes (a Buffer on Node). */
  jpeg: Uint8Array;
}

/** The frames stream's query: JPEG quality (1–100, default 70) and the largest frame size in px. */
export type FramesOptions = { [K in keyof FramesQuery]?: number } & { signal?: AbortSignal };

/** The frames of a `frames` route stream; it ends with the server's `end` event (session closed). */
export async function* framesOf(
  messages: AsyncGenerator<SseMessage, void, undefined>,
): AsyncGenerator<Frame, void, undefined> {
  for await (const message of messages) {
    const event = eventOf('frames', message);
    if (event?.event === 'end') return;
    if (event?.event !== 'frame') continue;
    const { jpeg, ...rest } = event.data;
    yield { ...rest, jpeg: decodeBase64(jpeg) };
  }
}
