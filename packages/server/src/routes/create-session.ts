import { routes } from '@marketbridge/api-types';
import { withCdpUrl } from '../cdp/cdp-url.js';
import { defineRoute, noteSession } from '../http/route-module.js';

/** 201 for a new or restored session, 200 when `reuse` returned the live one. */
export default defineRoute('createSession', routes.createSession, async ({ body, deps, req, res }) => {
  const { session, created } = await deps.sessions.create(body);
  noteSession(res, session);
  return { status: created ? 201 : 200, json: withCdpUrl(session, req, deps.config) };
});
