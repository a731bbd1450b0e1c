import * as c from '../cdp.js';
import { byId, type RouteDefinition } from './definition.js';

/** Routes that hand a session to CDP clients and DevTools. */
export const cdpRoutes = {
  cdpVersion: {
    method: 'GET',
    path: '/sessions/:id/json/version',
    summary:
      "Chrome's discovery document for the session: webSocketDebuggerUrl is its CDP endpoint (ws://…/sessions/:id/cdp, token in the Authorization header)",
    auth: true,
    ...byId,
    success: { status: 200, schema: c.CdpVersionResponseSchema },
    errors: [
      'session_not_found',
      'page_not_found',
      'session_unavailable',
      'cdp_unavailable',
      'timeout',
      'browser_unavailable',
    ],
  },
  cdpTicket: {
    method: 'POST',
    path: '/sessions/:id/cdp/ticket',
    summary:
      'A single-use ticket to connect to the CDP endpoint within a minute without an Authorization header',
    auth: true,
    ...byId,
    body: c.CdpTicketRequestSchema,
    success: { status: 201, schema: c.CdpTicketResponseSchema },
    errors: ['session_not_found', 'cdp_unavailable'],
  },
  devtoolsLink: {
    method: 'POST',
    path: '/sessions/:id/devtools',
    summary:
      "A one-time link to Chrome DevTools on the session's active page, served through this server (open it within a minute)",
    auth: true,
    ...byId,
    body: c.CdpTicketRequestSchema,
    success: { status: 201, schema: c.DevtoolsLinkResponseSchema },
    errors: ['session_not_found', 'session_unavailable', 'cdp_unavailable', 'timeout', 'browser_unavailable'],
  },
} as const satisfies Record<string, RouteDefinition>;
