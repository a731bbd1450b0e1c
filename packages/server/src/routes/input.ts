import { routes } from '@marketbridge/api-types';
import { defineRoute, noteSession } from '../http/route-module.js';

export default defineRoute('input', routes.input, async ({ params, body, deps, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  await deps.manager.input(session.id, body);
  return { json: { ok: true, type: body.type } };
});
