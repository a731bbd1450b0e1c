import { routes } from '@marketbridge/api-types';
import { defineRoute, noteSession } from '../http/route-module.js';

export default defineRoute('execute', routes.execute, async ({ params, body, deps, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  const result = await deps.manager.execute(
    session.id,
    body.script,
    body.args ?? [],
    body.timeoutMs,
    body.pageId,
  );
  return { json: { result } };
});
