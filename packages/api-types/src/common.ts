import { z } from 'zod';
import { boundedInt, boundedString, withJsonBounds } from './bounded.js';
import { formatLimit, LIMITS } from './limits.js';

/** Session names become file names (`playwright_sessions/<name>.json`), so they are kept path-safe. */
export const SessionNameSchema = boundedString('sessionNameLength', 1)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'must start with a letter or digit and contain only letters, digits, ".", "_" and "-"',
  )
  .describe('Session name, unique among active sessions; letters, digits, ".", "_", "-"');

export const SessionIdSchema = boundedString('sessionIdLength', 1).describe(
  'Session id (or, where accepted, its name)',
);

export const BrowserTypeSchema = z.enum(['chromium', 'firefox', 'webkit']).describe('Browser engine');
export type BrowserType = z.infer<typeof BrowserTypeSchema>;

export const ViewportSchema = z
  .strictObject({
    width: boundedInt(LIMITS.viewportMin, 'viewportMax', 'CSS pixels').describe('CSS pixels'),
    height: boundedInt(LIMITS.viewportMin, 'viewportMax', 'CSS pixels').describe('CSS pixels'),
  })
  .describe('Page viewport size');
export type Viewport = z.infer<typeof ViewportSchema>;

export const TimeoutMsSchema = boundedInt(1, 'timeoutMs', 'ms').describe(
  'How long the browser may take, in milliseconds (default 30000)',
);

export const IsoDateSchema = z.string().describe('ISO 8601 timestamp');

export const MetadataSchema = withJsonBounds(z.record(z.string(), z.unknown()), {
  bytes: 'metadataBytes',
  depth: 'metadataDepth',
  keys: 'metadataKeys',
  keyLength: 'metadataKeyLength',
})
  .meta({
    // What standard JSON Schema can say of the bounds, next to the x- keywords.
    maxProperties: LIMITS.metadataKeys,
    propertyNames: { type: 'string', maxLength: LIMITS.metadataKeyLength },
  })
  .describe(
    `Free-form JSON the caller attaches to the session: at most ${formatLimit(LIMITS.metadataBytes)} bytes serialized, ` +
      `${LIMITS.metadataDepth} levels deep and ${LIMITS.metadataKeys} keys in all, each key at most ${LIMITS.metadataKeyLength} characters`,
  );

/** Query-string booleans: only the literal words, so `?active=yes` is an error rather than a guess. */
export const QueryBooleanSchema = z.enum(['true', 'false']).transform((v) => v === 'true');
