import { z } from 'zod';
import { errorCodes } from './error-catalog.js';

export * from './error-catalog.js';

export const ErrorCodeSchema = z.enum(errorCodes).describe('Machine-readable error code');

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string().describe('What went wrong and, where possible, what to do about it'),
      details: z.unknown().optional().describe('Extra structured context, e.g. validation issues'),
    }),
  })
  .describe('The body of every error response');
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
