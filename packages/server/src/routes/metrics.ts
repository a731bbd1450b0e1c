import { defineRoute } from '../http/route-module.js';
import { renderMetrics } from '../metrics.js';

/** Prometheus text exposition format (token required). */
export default defineRoute(
  'metrics',
  { method: 'GET', path: '/metrics', auth: true, success: { status: 200 } },
  async ({ deps }) => ({
    text: renderMetrics(deps.stats, deps.manager.listSessions(), await deps.manager.browsers()),
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
  }),
);
