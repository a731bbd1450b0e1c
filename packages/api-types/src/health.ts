import { z } from 'zod';
import { BrowserTypeSchema } from './common.js';

export const BrowserInfoSchema = z.object({
  browserType: BrowserTypeSchema,
  headless: z.boolean(),
  connected: z.boolean(),
  version: z.string(),
  contexts: z.int().min(0),
  remote: z.boolean().describe('Connected to a browser server rather than launched here'),
});
export type BrowserInfo = z.infer<typeof BrowserInfoSchema>;

export const HealthResponseSchema = z.object({
  status: z.enum(['healthy', 'degraded', 'unhealthy']),
  version: z.string(),
  uptimeSeconds: z.number().min(0),
  browsers: z.array(BrowserInfoSchema),
  sessions: z.object({ total: z.int(), active: z.int(), crashed: z.int() }),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const StatsResponseSchema = z.object({
  sessionsCreated: z.int(),
  sessionsRestored: z.int(),
  sessionsCrashed: z.int(),
  sessionsRecycled: z.int().describe('Contexts replaced by a fresh one on the recycle schedule'),
  sessionsDeleted: z.int(),
  requests: z.int(),
  errors: z.int(),
  memory: z.object({ rssBytes: z.number(), heapUsedBytes: z.number() }),
  browsers: z.int(),
});
export type StatsResponse = z.infer<typeof StatsResponseSchema>;
