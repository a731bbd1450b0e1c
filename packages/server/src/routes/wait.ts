import { routes } from '@marketbridge/api-types';
import { defineRoute, noteSession } from '../http/route-module.js';

export default defineRoute('wait', routes.wait, async ({ params, body, deps, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  const { elapsedMs } = await deps.manager.wait(session.id, body);
  return { json: { ok: true, elapsedMs } };
});
