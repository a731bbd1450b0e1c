import { routes } from '@marketbridge/api-types';
import { defineRoute, noteSession } from '../http/route-module.js';

export default defineRoute('history', routes.history, async ({ params, body, deps, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  return { json: await deps.manager.history(session.id, body) };
});
