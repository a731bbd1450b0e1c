import type { RouteModule, RouteSpec } from '../http/route-module.js';
import cleanupSessions from './cleanup-sessions.js';
import consoleRoute from './console.js';
import createSession from './create-session.js';
import deleteSession from './delete-session.js';
import execute from './execute.js';
import getSession from './get-session.js';
import health from './health.js';
import interact from './interact.js';
import listSessions from './list-sessions.js';
import metrics from './metrics.js';
import navigate from './navigate.js';
import openapi from './openapi.js';
import screenshot from './screenshot.js';
import stats from './stats.js';
import wait from './wait.js';

/**
 * Every route the server serves: one module per api-types route entry, plus /openapi.json and
 * /metrics. Order matters where paths overlap: /sessions/cleanup before /sessions/:id.
 */
export const routeModules: RouteModule<RouteSpec>[] = [
  health,
  openapi,
  stats,
  metrics,
  createSession,
  listSessions,
  cleanupSessions,
  getSession,
  deleteSession,
  navigate,
  screenshot,
  execute,
  interact,
  wait,
  consoleRoute,
] as unknown as RouteModule<RouteSpec>[];
