import { routes } from '@marketbridge/api-types';
import { withCdpUrl } from '../cdp/cdp-url.js';
import { defineRoute, noteSession } from '../http/route-module.js';

export default defineRoute('recycleSession', routes.recycleSession, async ({ params, deps, req, res }) => {
  const live = await deps.sessions.requireLive(params.id);
  noteSession(res, live);
  const { session, durationMs } = await deps.manager.recycleSession(live.id);
  return { json: { recycled: true as const, durationMs, session: withCdpUrl(session, req, deps.config) } };
});
