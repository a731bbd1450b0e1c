import { routes } from '@marketbridge/api-types';
import { CdpUnavailableError } from '@marketbridge/browser-manager';
import { cdpReachable, cdpUrlOf } from '../cdp/cdp-url.js';
import { defineRoute, noteSession } from '../http/route-module.js';

/** A single-use pass to a session's CDP endpoint: the token itself never goes in a URL. */
export default defineRoute('cdpTicket', routes.cdpTicket, async ({ params, deps, req, res }) => {
  const session = await deps.sessions.get(params.id);
  noteSession(res, session);
  if (!cdpReachable(session, deps.config)) {
    throw new CdpUnavailableError(
      `Session "${session.name}" cannot be reached over CDP (${session.browserType}${deps.config.cdp ? '' : ', --no-cdp'}${deps.config.browserEndpoint ? ', remote browser server' : ''}).`,
    );
  }
  const { ticket, expiresAt } = deps.cdpTickets.issue(session.id);
  const url = `${cdpUrlOf(`http://${req.headers.host ?? 'localhost'}`, session.id)}?ticket=${ticket}`;
  return { status: 201, json: { url, ticket, expiresAt } };
});
