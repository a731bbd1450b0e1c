import { routes } from '@marketbridge/api-types';
import { defineRoute, noteSession } from '../http/route-module.js';

export default defineRoute('getSession', routes.getSession, async ({ params, deps, res }) => {
  const session = await deps.sessions.get(params.id);
  noteSession(res, session);
  return { json: session };
});
