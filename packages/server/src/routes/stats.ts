import { routes, type StatsResponse } from '@marketbridge/api-types';
import { defineRoute } from '../http/route-module.js';

export default defineRoute('stats', routes.stats, async ({ deps }) => {
  const { stats } = deps;
  const memory = process.memoryUsage();
  const body: StatsResponse = {
    sessionsCreated: stats.sessionsCreated,
    sessionsRestored: stats.sessionsRestored,
    sessionsCrashed: stats.sessionsCrashed,
    sessionsRecycled: stats.sessionsRecycled,
    sessionsDeleted: stats.sessionsDeleted,
    requests: stats.requests,
    errors: stats.errors,
    memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
    browsers: (await deps.manager.browsers()).length,
  };
  return { json: body };
});
