import { routes } from '@marketbridge/api-types';
import { defineRoute, noteSession } from '../http/route-module.js';

export default defineRoute('deleteSession', routes.deleteSession, async ({ params, query, deps, res }) => {
  const deleted = await deps.sessions.delete(params.id, query.keepState ?? false);
  noteSession(res, deleted);
  return { json: deleted };
});
