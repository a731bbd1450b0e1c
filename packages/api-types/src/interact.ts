/** The interact request: which actions there are, which need a value, and what the value may be. */

import { z } from 'zod';
import { boundedArray, boundedString } from './bounded.js';
import { TimeoutMsSchema } from './common.js';
import { oneTarget, targetFields, targetRuleJsonSchema } from './element-target.js';
import { unknownDiscriminator } from './issues.js';
import { formatLimit, LIMITS } from './limits.js';
import { PageIdSchema } from './pages.js';

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
