import { z } from 'zod';
import { boundedArray, boundedInt, boundedString, inRange, withJsonBounds } from './bounded.js';
import { TimeoutMsSchema } from './common.js';
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

/** `Invalid option: expected one of "a"|"b"`, as z.enum says it, for a discriminator no branch has. */
function unknownDiscriminator(values: readonly string[]) {
  return (issue: { code?: string; note?: string }) =>
    issue.code === 'invalid_union' && issue.note === 'No matching discriminator'
      ? `Invalid option: expected one of ${values.map((v) => JSON.stringify(v)).join('|')}`
      : undefined;
}

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

export const interactActions = [
  'click',
  'dblclick',
  'fill',
  'type',
  'press',
  'select',
  'check',
  'uncheck',
  'hover',
  'focus',
  'upload',
] as const;
export const InteractActionSchema = z.enum(interactActions);
export type InteractAction = z.infer<typeof InteractActionSchema>;
/** The actions that use no value (one may be sent and is ignored, as before), and those that need one. */
export const actionsWithoutValue = ['click', 'dblclick', 'check', 'uncheck', 'hover', 'focus'] as const;
export const actionsWithTextValue = ['fill', 'type', 'press'] as const;

const VALUE_REQUIRED = 'value is required for fill, type, press and select';
const LIST_FOR_SELECT_ONLY = 'a list of values is accepted for select only';
/** The messages of the value rules, as clear as when they were checks of their own. */
const valueError = (required: boolean) => (issue: { input?: unknown }) =>
  issue.input === undefined && required
    ? VALUE_REQUIRED
    : Array.isArray(issue.input)
      ? LIST_FOR_SELECT_ONLY
      : undefined;
const TextValueSchema = (required: boolean) =>
  z.string({ error: valueError(required) }).max(LIMITS.interactValueLength, {
    error: (issue) =>
      `is ${formatLimit(typeof issue.input === 'string' ? issue.input.length : 0)} characters long; the limit is ${formatLimit(LIMITS.interactValueLength)}`,
  });
/** An ARIA role as Playwright's getByRole takes it (button, textbox, link, checkbox, ...). */
const AriaRoleSchema = z
  .string()
  .regex(/^[a-z]{2,32}$/, 'must be an ARIA role in lower case, such as button, textbox or link')
  .describe('ARIA role (getByRole): button, textbox, link, checkbox, ...');

/**
 * Where an action goes, exactly one of: a Playwright selector, a role with an optional accessible name
 * (what `getByRole` finds), or visible text (`getByText`). The first match is used.
 */
const targetFields = {
  selector: boundedString('selectorLength', 1)
    .optional()
    .describe('Playwright selector (CSS, text=, role=, ...); or give role (+ name), or text'),
  role: AriaRoleSchema.optional(),
  name: boundedString('selectorLength', 1).optional().describe('Accessible name, with role'),
  text: boundedString('selectorLength', 1).optional().describe('Visible text (getByText)'),
  exact: z
    .boolean()
    .optional()
    .describe('name or text must match exactly (default: case-insensitive substring)'),
};
export interface Target {
  selector?: string | undefined;
  role?: string | undefined;
  name?: string | undefined;
  text?: string | undefined;
  exact?: boolean | undefined;
}

/** The target rule in JSON Schema terms, for the OpenAPI document: one of the three, name with role. */
const targetRuleJsonSchema = {
  oneOf: [{ required: ['selector'] }, { required: ['role'] }, { required: ['text'] }],
  dependentRequired: { name: ['role'] },
};

/** Exactly one target; a name only with a role. */
function oneTarget(value: Target, ctx: z.RefinementCtx): void {
  const given = [value.selector, value.role, value.text].filter((t) => t !== undefined).length;
  if (given !== 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['selector'],
      message:
        given === 0
          ? 'a target is required: selector, role (with an optional name) or text'
          : 'give only one target: selector, role or text',
    });
  }
  if (value.name !== undefined && value.role === undefined)
    ctx.addIssue({ code: 'custom', path: ['name'], message: 'name goes with role' });
}

const interactFields = {
  ...targetFields,
  timeoutMs: TimeoutMsSchema.optional(),
  pageId: PageIdSchema.optional(),
};

/** One shape per kind of action: which need a value, and that only select takes a list, are in the schema. */
export const InteractRequestSchema = z
  .discriminatedUnion(
    'action',
    [
      z
        .strictObject({
          action: z.enum(actionsWithoutValue),
          ...interactFields,
          value: TextValueSchema(false).optional().describe('Not used by this action (accepted and ignored)'),
        })
        .superRefine(oneTarget)
        .meta(targetRuleJsonSchema),
      z
        .strictObject({
          action: z.enum(actionsWithTextValue),
          ...interactFields,
          value: TextValueSchema(true).describe('Text for fill/type, key for press'),
        })
        .superRefine(oneTarget)
        .meta(targetRuleJsonSchema),
      z
        .strictObject({
          action: z.literal('select'),
          ...interactFields,
          value: z
            .union(
              [
                boundedString('interactValueLength'),
                boundedArray(boundedString('selectOptionLength'), 'selectOptionsItems'),
              ],
              { error: (issue) => (issue.input === undefined ? VALUE_REQUIRED : undefined) },
            )
            .describe('Option value, or a list of them'),
        })
        .superRefine(oneTarget)
        .meta(targetRuleJsonSchema),
      z
        .strictObject({
          action: z.literal('upload'),
          ...interactFields,
          files: boundedArray(
            z.strictObject({
              name: boundedString('uploadFileNameLength', 1).describe('File name the page sees'),
              mimeType: boundedString('uploadFileNameLength', 1).optional().describe('Default from the name'),
              data: z.base64().describe('The bytes, base64'),
            }),
            'uploadFiles',
          ).describe('Files to set on an <input type=file> (an empty list clears it)'),
        })
        .superRefine(oneTarget)
        .meta(targetRuleJsonSchema),
    ],
    { error: unknownDiscriminator(interactActions) },
  )
  .describe('Act on an element of the active page');
export type InteractRequest = z.infer<typeof InteractRequestSchema>;

export const InteractResponseSchema = z.object({ ok: z.literal(true), action: InteractActionSchema });
export type InteractResponse = z.infer<typeof InteractResponseSchema>;

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
