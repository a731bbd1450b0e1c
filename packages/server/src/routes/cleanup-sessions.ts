import { routes } from '@marketbridge/api-types';
import { defineRoute } from '../http/route-module.js';

export default defineRoute('cleanupSessions', routes.cleanupSessions, async ({ body, deps }) => ({
  // deleted: idle sessions closed; forgotten: kept sessions dropped by the retention rule.
  json: await deps.sessions.cleanup(body.maxAgeHours),
}));
