/** The page actions' schemas: navigate, screenshot, execute, wait and console (interact: interact.ts). */

import { z } from 'zod';
import { boundedArray, boundedInt, boundedString, inRange, withJsonBounds } from './bounded.js';
import { TimeoutMsSchema } from './common.js';
import { AriaRoleSchema } from './element-target.js';
import { unknownDiscriminator } from './issues.js';
import { formatLimit, LIMITS } from './limits.js';
import { PageIdSchema } from './pages.js';

export const WaitUntilSchema = z
  .enum(['load', 'domcontentloaded', 'networkidle', 'commit'])
  .describe('When a navigation counts as done');

export const NavigateRequestSchema = z
  .strictObject({
    url: boundedString('urlLength', 1).describe(
      'Absolute URL; file:, chrome:, data:, javascript: are blocked by default',
    ),
    waitUntil: WaitUntilSchema.optional().describe('Default load'),
    timeoutMs: TimeoutMsSchema.optional(),
    pageId: PageIdSchema.optional(),
  })
  .describe('Navigate the active page');
export type NavigateRequest = z.infer<typeof NavigateRequestSchema>;

export const NavigateResponseSchema = z.object({
  url: z.string().describe('URL after redirects'),
  title: z.string(),
  status: z.int().nullable().describe('HTTP status of the main response, null when there was none'),
});
export type NavigateResponse = z.infer<typeof NavigateResponseSchema>;

const screenshotFields = {
  fullPage: z.boolean().optional().describe('The whole scrollable page instead of the viewport'),
  selector: boundedString('selectorLength', 1).optional().describe('Only this element'),
  save: z.boolean().optional().describe('Also store the image in the server screenshots directory'),
  timeoutMs: TimeoutMsSchema.optional(),
  pageId: PageIdSchema.optional(),
};

/** One shape per image type: `quality` belongs to jpeg only, so the schema itself says so. */
export const ScreenshotRequestSchema = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({
        type: z.literal('png').optional().describe('Default png'),
        quality: z
          .never({ error: 'quality applies to jpeg only' })
          .optional()
          .describe('Not allowed: quality applies to jpeg only'),
        ...screenshotFields,
      }),
      z.strictObject({
        type: z.literal('jpeg'),
        quality: boundedInt(0, 'jpegQuality').optional().describe('JPEG quality'),
        ...screenshotFields,
      }),
    ],
    { error: unknownDiscriminator(['png', 'jpeg']) },
  )
  .describe(
    'Take a screenshot of the active page; answers with the image bytes (image/png, or image/jpeg for type jpeg). The body may be omitted.',
  );
export type ScreenshotRequest = z.infer<typeof ScreenshotRequestSchema>;

export const ExecuteRequestSchema = z
  .strictObject({
    script: boundedString('scriptLength', 1).describe(
      'A JavaScript expression, or a function body using `return`; promises are awaited',
    ),
    args: withJsonBounds(boundedArray(z.unknown(), 'scriptArgsItems'), { bytes: 'scriptArgsBytes' })
      .optional()
      .describe(
        `JSON values, available to the script as \`args\`; at most ${formatLimit(LIMITS.scriptArgsBytes)} bytes serialized`,
      ),
    timeoutMs: TimeoutMsSchema.optional(),
    pageId: PageIdSchema.optional(),
  })
  .describe('Run JavaScript in the active page');
export type ExecuteRequest = z.infer<typeof ExecuteRequestSchema>;

export const ExecuteResponseSchema = z.object({
  result: z.unknown().describe('The JSON-serialisable result'),
});
export type ExecuteResponse = z.infer<typeof ExecuteResponseSchema>;

const waitTimeout = { timeoutMs: TimeoutMsSchema.optional(), pageId: PageIdSchema.optional() };
export const WaitRequestSchema = z
  .discriminatedUnion('for', [
    z.strictObject({
      for: z.literal('selector'),
      selector: boundedString('selectorLength', 1),
      state: z.enum(['attached', 'detached', 'visible', 'hidden']).optional().describe('Default visible'),
      ...waitTimeout,
    }),
    z.strictObject({ for: z.literal('text'), text: boundedString('waitTextLength', 1), ...waitTimeout }),
    z.strictObject({
      for: z.literal('role'),
      role: AriaRoleSchema,
      name: boundedString('selectorLength', 1).optional().describe('Accessible name'),
      exact: z.boolean().optional(),
      state: z.enum(['attached', 'detached', 'visible', 'hidden']).optional().describe('Default visible'),
      ...waitTimeout,
    }),
    z.strictObject({
      for: z.literal('url'),
      url: boundedString('urlLength', 1).describe('Exact URL, or a glob such as **/orders*'),
      ...waitTimeout,
    }),
    z.strictObject({
      for: z.literal('function'),
      expression: boundedString('waitExpressionLength', 1).describe(
        'JavaScript expression polled until truthy',
      ),
      ...waitTimeout,
    }),
    z.strictObject({
      for: z.literal('load'),
      state: z.enum(['load', 'domcontentloaded', 'networkidle']).optional().describe('Default load'),
      ...waitTimeout,
    }),
    z.strictObject({ for: z.literal('timeout'), ms: boundedInt(0, 'timeoutMs', 'ms'), ...waitTimeout }),
  ])
  .describe('Wait for a condition on the active page');
export type WaitRequest = z.infer<typeof WaitRequestSchema>;

export const WaitResponseSchema = z.object({ ok: z.literal(true), elapsedMs: z.number().min(0) });
export type WaitResponse = z.infer<typeof WaitResponseSchema>;

export const ConsoleQuerySchema = z.strictObject({
  limit: inRange(z.coerce.number().int(), 1, 'consoleEntries', 'entries')
    .optional()
    .describe('Newest N entries (default 100)'),
  pageId: PageIdSchema.optional().describe("Only this page's entries"),
});
export type ConsoleQuery = z.input<typeof ConsoleQuerySchema>;

export const ConsoleEntrySchema = z.object({
  kind: z
    .enum(['console', 'pageerror', 'dialog'])
    .describe('dialog: an alert/confirm/prompt/beforeunload, and how it was answered'),
  type: z.string().describe('console level (log, warn, error, ...) or "error" for page errors'),
  text: z.string(),
  url: z.string().describe('URL of the page it came from'),
  pageId: z.string().optional().describe('The page it came from'),
  timestamp: z.string(),
});
export type ConsoleEntry = z.infer<typeof ConsoleEntrySchema>;

export const ConsoleResponseSchema = z.object({ entries: z.array(ConsoleEntrySchema) });
export type ConsoleResponse = z.infer<typeof ConsoleResponseSchema>;
