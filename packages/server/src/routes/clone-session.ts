import { routes } from '@marketbridge/api-types';
import { withCdpUrl } from '../cdp/cdp-url.js';
import { defineRoute, noteSession } from '../http/route-module.js';

/** 201 with the new session: the original's options, cookies and localStorage (and page URLs, withPages). */
export default defineRoute('cloneSession', routes.cloneSession, async ({ params, body, deps, req, res }) => {
  const session = await deps.sessions.clone(params.id, body);
  noteSession(res, session);
  return { status: 201, json: withCdpUrl(session, req, deps.config) };
});
