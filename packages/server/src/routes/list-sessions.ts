import { routes } from '@marketbridge/api-types';
import { defineRoute } from '../http/route-module.js';

export default defineRoute('listSessions', routes.listSessions, async ({ query, deps }) => ({
  json: { sessions: await deps.sessions.list(query) },
}));
