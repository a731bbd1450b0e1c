import { routes } from '@marketbridge/api-types';
import { defineRoute } from '../http/route-module.js';

export default defineRoute('cleanupSessions', routes.cleanupSessions, async ({ body, deps }) => ({
  json: { deleted: await deps.sessions.cleanup(body.maxAgeHours) },
}));
