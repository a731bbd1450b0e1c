import { routes } from '@marketbridge/api-types';
import { defineRoute, noteSession } from '../http/route-module.js';

export default defineRoute('console', routes.console, async ({ params, query, deps, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  return { json: { entries: deps.manager.console(session.id, query.limit ?? 100, query.pageId) } };
});
