import { routes } from '@marketbridge/api-types';
import { withCdpUrl } from '../cdp/cdp-url.js';
import { defineRoute } from '../http/route-module.js';

export default defineRoute('listSessions', routes.listSessions, async ({ query, deps, req }) => ({
  json: { sessions: (await deps.sessions.list(query)).map((s) => withCdpUrl(s, req, deps.config)) },
}));
