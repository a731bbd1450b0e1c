import { z } from 'zod';
import { boundedString } from './bounded.js';

export const DownloadSchema = z
  .object({
    id: z.string().describe('Stable download id'),
    suggestedFilename: z.string().describe('The name the site gave it (never used as a path on the server)'),
    url: z.string().describe('Where it came from'),
    size: z.int().min(0).describe('Bytes'),
    mimeType: z.string(),
    pageId: z.string().optional().describe('The page that started it'),
    createdAt: z.string(),
  })
  .describe('A file a page of the session downloaded, kept with the session');
export type Download = z.infer<typeof DownloadSchema>;

export const DownloadsResponseSchema = z.object({ downloads: z.array(DownloadSchema) });
export type DownloadsResponse = z.infer<typeof DownloadsResponseSchema>;

export const DownloadParamsSchema = z.strictObject({
  id: boundedString('sessionIdLength', 1).describe('Session id or name'),
  downloadId: boundedString('pageIdLength', 1).describe('A download id from GET /sessions/:id/downloads'),
});
