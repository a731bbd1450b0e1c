import { z } from 'zod';
import { ConsoleEntrySchema } from './actions.js';
import { boundedInt, boundedNumber, boundedString, inRange } from './bounded.js';
import { IsoDateSchema, TimeoutMsSchema, ViewportSchema } from './common.js';
import { LIMITS } from './limits.js';
import { SessionSchema } from './sessions.js';

// ---- input: what a person does on the live picture ---------------------------------------------

/** CSS pixels of the page's viewport (not of the picture the dashboard shows). */
const CoordSchema = boundedNumber(0, 'coordinate', 'CSS pixels');
const DeltaSchema = boundedNumber(-LIMITS.wheelDelta, 'wheelDelta', 'CSS pixels');

export const MouseButtonSchema = z.enum(['left', 'middle', 'right']).describe('Default left');

export const InputRequestSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('click'),
      x: CoordSchema.describe('CSS pixels from the viewport left edge'),
      y: CoordSchema.describe('CSS pixels from the viewport top edge'),
      button: MouseButtonSchema.optional(),
      clickCount: boundedInt(1, 'clickCount').optional().describe('2 for a double click (default 1)'),
      timeoutMs: TimeoutMsSchema.optional(),
    }),
    z.strictObject({
      type: z.literal('wheel'),
      x: CoordSchema.optional().describe('Where the pointer is while scrolling (default: where it was)'),
      y: CoordSchema.optional(),
      deltaX: DeltaSchema.optional().describe('Default 0'),
      deltaY: DeltaSchema.describe('Positive scrolls down'),
      timeoutMs: TimeoutMsSchema.optional(),
    }),
    z.strictObject({
      type: z.literal('type'),
      text: boundedString('inputTextLength', 1).describe('Typed into whatever has focus'),
      timeoutMs: TimeoutMsSchema.optional(),
    }),
    z.strictObject({
      type: z.literal('press'),
      key: boundedString('inputKeyLength', 1).describe(
        'A key or chord in Playwright notation: Enter, Backspace, ArrowDown, Control+A',
      ),
      timeoutMs: TimeoutMsSchema.optional(),
    }),
  ])
  .describe('A mouse or keyboard event on the active page, as a person at the live view makes it');
export type InputRequest = z.infer<typeof InputRequestSchema>;

export const InputResponseSchema = z.object({
  ok: z.literal(true),
  type: z.enum(['click', 'wheel', 'type', 'press']),
});
export type InputResponse = z.infer<typeof InputResponseSchema>;

// ---- history -----------------------------------------------------------------------------------

export const HistoryRequestSchema = z
  .strictObject({
    action: z.enum(['back', 'forward', 'reload']),
    timeoutMs: TimeoutMsSchema.optional(),
  })
  .describe('Go back, forward, or reload the active page');
export type HistoryRequest = z.infer<typeof HistoryRequestSchema>;

export const HistoryResponseSchema = z.object({
  url: z.string().describe('URL after the move'),
  title: z.string(),
  moved: z.boolean().describe('False when there was no page to go back or forward to'),
});
export type HistoryResponse = z.infer<typeof HistoryResponseSchema>;

// ---- live streams (text/event-stream) ----------------------------------------------------------

export const FramesQuerySchema = z.strictObject({
  quality: inRange(z.coerce.number().int(), 1, 'jpegQuality')
    .optional()
    .describe('JPEG quality (default 70)'),
  maxWidth: inRange(z.coerce.number().int(), 100, 'frameSize', 'px')
    .optional()
    .describe('Largest frame width, px'),
  maxHeight: inRange(z.coerce.number().int(), 100, 'frameSize', 'px')
    .optional()
    .describe('Largest frame height, px'),
});
export type FramesQuery = z.input<typeof FramesQuerySchema>;

/** `data` of a `frame` event on `GET /sessions/:id/frames`. */
export const FrameEventSchema = z.object({
  seq: z.int().min(0).describe('Frame number since the stream opened'),
  timestamp: z
    .number()
    .describe(
      'When the server received the frame from the browser, ms since the epoch (latency = arrival - this)',
    ),
  sentAt: z.number().describe('When the server sent it, ms since the epoch'),
  viewport: ViewportSchema.describe(
    'The page viewport the frame shows, CSS pixels: click coordinates map to it',
  ),
  url: z.string().describe('URL of the page shown'),
  mode: z.enum(['screencast', 'poll']).describe('CDP screencast (pushed) or screenshot polling'),
  jpeg: z.string().describe('The frame, base64 JPEG'),
});
export type FrameEvent = z.infer<typeof FrameEventSchema>;

/** `data` of the last event of a frames stream, sent when the session closes. */
export const StreamEndEventSchema = z.object({ reason: z.string().describe('Why the stream ended') });
export type StreamEndEvent = z.infer<typeof StreamEndEventSchema>;

export const SessionsEventTypeSchema = z.enum([
  'created',
  'updated',
  'crashed',
  'restoring',
  'restored',
  'recycled',
  'closed',
]);
export type SessionsEventType = z.infer<typeof SessionsEventTypeSchema>;

/** `data` of the events on `GET /events`: `sessions` once at the start, then one `session` per change. */
export const SessionsSnapshotEventSchema = z.object({ sessions: z.array(SessionSchema) });
export const SessionChangeEventSchema = z.object({
  type: SessionsEventTypeSchema,
  session: SessionSchema,
  at: IsoDateSchema,
});
export type SessionChangeEvent = z.infer<typeof SessionChangeEventSchema>;
/** `data` of a `dialog` event on `GET /events`: a page of a session showed a dialog, answered by its policy. */
export const SessionDialogEventSchema = z.object({
  sessionId: z.string(),
  name: z.string().describe('The session name'),
  entry: ConsoleEntrySchema.describe('The dialog as the session console records it (kind "dialog")'),
});
export type SessionDialogEvent = z.infer<typeof SessionDialogEventSchema>;

// ---- dashboard login codes ---------------------------------------------------------------------

export const LoginCodeRequestSchema = z
  .strictObject({
    ttlSeconds: boundedInt(10, 'loginCodeTtlSeconds', 's')
      .optional()
      .describe('How long the code works (default 120)'),
  })
  .describe('Create a single-use code that a dashboard page exchanges for the token');
export type LoginCodeRequest = z.infer<typeof LoginCodeRequestSchema>;

export const LoginCodeResponseSchema = z.object({
  code: z.string(),
  expiresAt: IsoDateSchema,
  path: z.string().describe('Dashboard path carrying the code in its fragment: /ui#code=...'),
});
export type LoginCodeResponse = z.infer<typeof LoginCodeResponseSchema>;

export const LoginExchangeRequestSchema = z
  .strictObject({ code: boundedString('loginCodeLength', 1) })
  .describe('Exchange a login code (once, before it expires) for the API token');
export type LoginExchangeRequest = z.infer<typeof LoginExchangeRequestSchema>;

export const LoginExchangeResponseSchema = z.object({ token: z.string() });
export type LoginExchangeResponse = z.infer<typeof LoginExchangeResponseSchema>;
