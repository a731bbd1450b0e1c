import { z } from 'zod';
import { boundedString } from './bounded.js';

/** A page of a session: stable for its life, and kept when the page is reopened after a crash or restart. */
export const PageIdSchema = boundedString('pageIdLength', 1).describe(
  'A page (tab) of the session, from GET /sessions/:id/pages; without it, the active page',
);

export const PageInfoSchema = z
  .object({
    id: z.string().describe('Stable page id'),
    url: z.string(),
    title: z.string(),
    active: z.boolean().describe('The page actions go to when they name none'),
  })
  .describe('A page (tab) of a session');
export type PageInfo = z.infer<typeof PageInfoSchema>;

export const PagesResponseSchema = z.object({ pages: z.array(PageInfoSchema) });
export type PagesResponse = z.infer<typeof PagesResponseSchema>;

export const OpenPageRequestSchema = z
  .strictObject({
    url: boundedString('urlLength', 1)
      .optional()
      .describe('Load this URL in the new page (default about:blank)'),
  })
  .describe('Open a page (tab); it becomes the active one');
export type OpenPageRequest = z.infer<typeof OpenPageRequestSchema>;

export const PageParamsSchema = z.strictObject({
  id: boundedString('sessionIdLength', 1).describe('Session id or name'),
  pageId: PageIdSchema,
});

export const ClosePageResponseSchema = z.object({
  id: z.string(),
  closed: z.literal(true),
  pages: z.array(PageInfoSchema).describe('The pages left open'),
});
export type ClosePageResponse = z.infer<typeof ClosePageResponseSchema>;

/** `?pageId=`: a page of the session, else the active one. */
export const PageQuerySchema = z.strictObject({ pageId: PageIdSchema.optional() });
export type PageQuery = z.input<typeof PageQuerySchema>;

export const SnapshotResponseSchema = z
  .object({
    pageId: z.string(),
    url: z.string(),
    title: z.string(),
    snapshot: z
      .string()
      .describe("Playwright's aria snapshot of the page (YAML): roles, names and values an agent can target"),
  })
  .describe("A readable snapshot of a page's accessibility tree");
export type SnapshotResponse = z.infer<typeof SnapshotResponseSchema>;

export const PdfRequestSchema = z
  .strictObject({
    format: z
      .enum(['Letter', 'Legal', 'Tabloid', 'Ledger', 'A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6'])
      .optional()
      .describe('Paper format (default Letter)'),
    landscape: z.boolean().optional(),
    printBackground: z.boolean().optional(),
    pageId: PageIdSchema.optional(),
  })
  .describe('Print a page to PDF (Chromium only)');
export type PdfRequest = z.infer<typeof PdfRequestSchema>;
