import { routes } from '@marketbridge/api-types';
import { defineRoute, noteSession } from '../http/route-module.js';

export default defineRoute('interact', routes.interact, async ({ params, body, deps, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  await deps.manager.interact(session.id, body);
  return { json: { ok: true, action: body.action } };
});
