import { type HealthResponse, routes } from '@marketbridge/api-types';
import { defineRoute, type HandlerDeps } from '../http/route-module.js';

/** healthy; degraded when a browser is disconnected, a session crashed or the registry failed; unhealthy while closing. */
export async function healthOf(deps: HandlerDeps): Promise<HealthResponse> {
  const browsers = await deps.manager.browsers();
  const sessions = deps.manager.listSessions();
  const crashed = sessions.filter((s) => s.status === 'crashed' || s.status === 'restoring').length;
  const degraded =
    browsers.some((b) => !b.connected) || crashed > 0 || deps.sessions.sync.lastError !== undefined;
  return {
    status: deps.stats.closing ? 'unhealthy' : degraded ? 'degraded' : 'healthy',
    version: deps.version,
    uptimeSeconds: Math.round(deps.stats.uptimeSeconds * 1000) / 1000,
    browsers,
    sessions: {
      total: sessions.length,
      active: sessions.filter((s) => s.status === 'active').length,
      crashed,
    },
  };
}

export default defineRoute('health', routes.health, async ({ deps }) => ({ json: await healthOf(deps) }));
