import { routes } from '@marketbridge/api-types';
import { withCdpUrl } from '../cdp/cdp-url.js';
import { defineRoute, noteSession } from '../http/route-module.js';

export default defineRoute('getSession', routes.getSession, async ({ params, deps, req, res }) => {
  const session = await deps.sessions.get(params.id);
  noteSession(res, session);
  return { json: withCdpUrl(session, req, deps.config) };
});
