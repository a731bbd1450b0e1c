import { cdpRoutes } from './route-table/cdp.js';
import type { RouteDefinition } from './route-table/definition.js';
import { pageRoutes } from './route-table/pages.js';
import { serverRoutes } from './route-table/server.js';
import { sessionRoutes } from './route-table/sessions.js';

export type { HttpMethod, RouteDefinition } from './route-table/definition.js';

/**
 * The HTTP API, one entry per route. Both the server's validation and the client's types come from here.
 * Each area's routes are written in its own file under `route-table/`.
 */
export const routes = {
  ...serverRoutes,
  ...sessionRoutes,
  ...pageRoutes,
  ...cdpRoutes,
} as const satisfies Record<string, RouteDefinition>;

export type RouteName = keyof typeof routes;
