import { routes } from '@marketbridge/api-types';
import { defineRoute } from '../http/route-module.js';

/** Prometheus text exposition format, from the server's own prom-client registry. */
export default defineRoute('metrics', routes.metrics, async ({ deps }) => deps.stats.metrics.render());
