import { z } from 'zod';

/** Session names become file names (`playwright_sessions/<name>.json`), so they are kept path-safe. */
export const SessionNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'must start with a letter or digit and contain only letters, digits, ".", "_" and "-"',
  )
  .describe('Session name, unique among active sessions; letters, digits, ".", "_", "-"');

export const SessionIdSchema = z
  .string()
  .min(1)
  .max(128)
  .describe('Session id (or, where accepted, its name)');

export const BrowserTypeSchema = z.enum(['chromium', 'firefox', 'webkit']).describe('Browser engine');
export type BrowserType = z.infer<typeof BrowserTypeSchema>;

export const ViewportSchema = z
  .strictObject({
    width: z.int().min(100).max(10_000).describe('CSS pixels'),
    height: z.int().min(100).max(10_000).describe('CSS pixels'),
  })
  .describe('Page viewport size');
export type Viewport = z.infer<typeof ViewportSchema>;

export const TimeoutMsSchema = z
  .int()
  .min(1)
  .max(600_000)
  .describe('How long the browser may take, in milliseconds (default 30000)');

export const IsoDateSchema = z.string().describe('ISO 8601 timestamp');

export const MetadataSchema = z
  .record(z.string().max(128), z.unknown())
  .describe('Free-form JSON the caller attaches to the session');

/** Query-string booleans: only the literal words, so `?active=yes` is an error rather than a guess. */
export const QueryBooleanSchema = z.enum(['true', 'false']).transform((v) => v === 'true');
