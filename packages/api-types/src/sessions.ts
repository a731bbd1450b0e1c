import { z } from 'zod';
import { boundedNumber, boundedString } from './bounded.js';
import {
  BrowserTypeSchema,
  IsoDateSchema,
  MetadataSchema,
  QueryBooleanSchema,
  SessionIdSchema,
  SessionNameSchema,
  ViewportSchema,
} from './common.js';
import { SessionOptionsSchema, sessionOptionFields } from './profiles.js';
import { StorageStateSchema } from './storage.js';

export const SessionStatusSchema = z
  .enum(['active', 'inactive', 'crashed', 'restoring'])
  .describe('active: usable; inactive: closed, state kept; crashed/restoring: being brought back');
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

export const DialogPolicySchema = z
  .strictObject({
    action: z.enum(['dismiss', 'accept']).describe('What every alert, confirm, prompt and beforeunload gets'),
    promptText: boundedString('interactValueLength')
      .optional()
      .describe('The answer to a prompt, when accepting (default empty)'),
  })
  .describe(
    "The session's answer to page dialogs (default dismiss); each dialog is also logged to its console",
  );
export type DialogPolicy = z.infer<typeof DialogPolicySchema>;

export const SessionSchema = z
  .object({
    id: z.string().describe('Stable id; survives crashes and daemon restarts'),
    name: z.string().describe('Unique name among active sessions'),
    browserType: BrowserTypeSchema,
    headless: z.boolean(),
    viewport: ViewportSchema,
    status: SessionStatusSchema,
    active: z.boolean().describe('True while the session has a live browser context'),
    createdAt: IsoDateSchema,
    lastActivity: IsoDateSchema,
    currentUrl: z.string().describe('URL of the active page'),
    title: z.string().describe('Title of the active page'),
    pageCount: z.int().min(0),
    metadata: MetadataSchema,
    dialogs: DialogPolicySchema.optional().describe('Set when the session was created with a dialog policy'),
    options: SessionOptionsSchema.optional().describe(
      'Set on a live session created with identity options (userAgent, locale, proxy, ...), secrets redacted',
    ),
    cdpUrl: z
      .string()
      .nullable()
      .optional()
      .describe(
        "Where a CDP client (Playwright's connectOverCDP, Puppeteer, DevTools) attaches: ws://…/sessions/<id>/cdp, with the token in the Authorization header. Null when the session cannot be reached over CDP (Firefox, WebKit, a remote browser server, or --no-cdp)",
      ),
  })
  .describe('A named browser session');
export type Session = z.infer<typeof SessionSchema>;

export const CreateSessionRequestSchema = z
  .strictObject({
    name: SessionNameSchema.optional().describe('Name to create or reuse; generated when absent'),
    headless: z.boolean().optional().describe('Run without a window (default true)'),
    viewport: ViewportSchema.optional().describe('Default 1280x800'),
    browserType: BrowserTypeSchema.optional().describe('Default chromium'),
    metadata: MetadataSchema.optional(),
    dialogs: DialogPolicySchema.optional().describe(
      'How page dialogs are answered (default dismiss); kept with the session across restores',
    ),
    url: boundedString('urlLength', 1).optional().describe('Page to open after creating'),
    reuse: z
      .boolean()
      .optional()
      .describe('Return the live session of this name (200) instead of answering 409 name_taken'),
    ...sessionOptionFields,
    storageState: StorageStateSchema.optional().describe(
      "Cookies and localStorage to start from, in Playwright's storage-state format (GET /sessions/:id/storage-state of another session, or a file Playwright saved); replaces the saved state of a kept session of that name",
    ),
  })
  .describe('Create (or, with reuse, get-or-create) a named session');
export type CreateSessionRequest = z.infer<typeof CreateSessionRequestSchema>;

export const SessionIdParamsSchema = z.strictObject({ id: SessionIdSchema });

export const ListSessionsQuerySchema = z
  .strictObject({
    name: boundedString('sessionNameLength').optional().describe('Only the session with this name'),
    active: QueryBooleanSchema.optional().describe('Only active (true) or inactive (false) sessions'),
  })
  .describe('Filters for listing sessions');
export type ListSessionsQuery = z.input<typeof ListSessionsQuerySchema>;

export const ListSessionsResponseSchema = z.object({ sessions: z.array(SessionSchema) });
export type ListSessionsResponse = z.infer<typeof ListSessionsResponseSchema>;

export const DeleteSessionQuerySchema = z.strictObject({
  keepState: QueryBooleanSchema.optional().describe('Keep the saved cookies/localStorage (default false)'),
});
export type DeleteSessionQuery = z.input<typeof DeleteSessionQuerySchema>;

export const DeleteSessionResponseSchema = z.object({
  id: z.string(),
  name: z.string(),
  deleted: z.literal(true),
  stateKept: z.boolean(),
});
export type DeleteSessionResponse = z.infer<typeof DeleteSessionResponseSchema>;

export const RecycleRequestSchema = z
  .strictObject({})
  .describe('No fields: the context is replaced after the operations already queued on the session');

export const RecycleResponseSchema = z.object({
  recycled: z.literal(true),
  durationMs: z.int().min(0).describe('Time from the start of the recycle to the reopened pages'),
  session: SessionSchema,
});
export type RecycleResponse = z.infer<typeof RecycleResponseSchema>;

export const CleanupRequestSchema = z.strictObject({
  maxAgeHours: boundedNumber(0, 'cleanupMaxAgeHours', 'hours').describe(
    'Close sessions idle for longer than this',
  ),
});
export type CleanupRequest = z.infer<typeof CleanupRequestSchema>;

export const ForgottenSessionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    lastActivity: IsoDateSchema,
    stateDeleted: z.boolean().describe('Its saved state file was deleted (false: a live session uses it)'),
  })
  .describe('A kept (inactive) session forgotten by the retention rule: its record removed');
export type ForgottenSession = z.infer<typeof ForgottenSessionSchema>;

export const CleanupResponseSchema = z.object({
  deleted: z.array(z.string()).describe('Ids of the sessions that were closed'),
  forgotten: z
    .array(ForgottenSessionSchema)
    .optional()
    .describe(
      'Kept (inactive) sessions forgotten by the retention rule (maxKeptSessions, keptSessionMaxAgeHours), oldest first',
    ),
});
export type CleanupResponse = z.infer<typeof CleanupResponseSchema>;
