/**
 * Where an element action goes (interact, and wait's role): a Playwright selector, an ARIA role with an
 * optional accessible name, or visible text. Shared by the action schemas; of these only the
 * {@link Target} type is part of the package's exports.
 */

import { z } from 'zod';
import { boundedString } from './bounded.js';

/** An ARIA role as Playwright's getByRole takes it (button, textbox, link, checkbox, ...). */
export const AriaRoleSchema = z
  .string()
  .regex(/^[a-z]{2,32}$/, 'must be an ARIA role in lower case, such as button, textbox or link')
  .describe('ARIA role (getByRole): button, textbox, link, checkbox, ...');

/**
 * Where an action goes, exactly one of: a Playwright selector, a role with an optional accessible name
 * (what `getByRole` finds), or visible text (`getByText`). The first match is used.
 */
export const targetFields = {
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
export const targetRuleJsonSchema = {
  oneOf: [{ required: ['selector'] }, { required: ['role'] }, { required: ['text'] }],
  dependentRequired: { name: ['role'] },
};

/** Exactly one target; a name only with a role. */
export function oneTarget(value: Target, ctx: z.RefinementCtx): void {
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
