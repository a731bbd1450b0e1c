import { z } from 'zod';
import { IsoDateSchema } from './common.js';

/**
 * Chrome's discovery document (`/json/version`), as a session answers it: the browser's own fields, and
 * `webSocketDebuggerUrl` pointing back at the session's CDP endpoint on this server.
 */
export const CdpVersionResponseSchema = z
  .object({
    Browser: z.string(),
    'Protocol-Version': z.string(),
    'User-Agent': z.string(),
    'V8-Version': z.string().optional(),
    'WebKit-Version': z.string().optional(),
    webSocketDebuggerUrl: z.string().describe("The session's CDP endpoint (ws://…/sessions/<id>/cdp)"),
  })
  .describe("Chrome's /json/version for one session; tools that start from an HTTP endpoint read it");
export type CdpVersionResponse = z.infer<typeof CdpVersionResponseSchema>;

export const CdpTicketResponseSchema = z
  .object({
    url: z.string().describe('The CDP endpoint with the ticket in its query: connect within a minute, once'),
    ticket: z.string(),
    expiresAt: IsoDateSchema,
  })
  .describe('A single-use pass to the CDP endpoint, for clients that cannot send an Authorization header');
export type CdpTicketResponse = z.infer<typeof CdpTicketResponseSchema>;

export const CdpTicketRequestSchema = z.strictObject({}).describe('No fields');

export const DevtoolsLinkResponseSchema = z
  .object({
    url: z
      .string()
      .describe("Chrome DevTools for the session's active page, on this server (path and query; single use)"),
    targetId: z.string().describe('The page it inspects'),
    expiresAt: IsoDateSchema,
  })
  .describe('A one-time link that opens Chrome DevTools on a page of the session');
export type DevtoolsLinkResponse = z.infer<typeof DevtoolsLinkResponseSchema>;
