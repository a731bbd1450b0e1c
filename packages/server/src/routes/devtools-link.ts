import { routes } from '@marketbridge/api-types';
import { CdpUnavailableError } from '@marketbridge/browser-manager';
import { cdpReachable } from '../cdp/cdp-url.js';
import { HttpError } from '../errors.js';
import { defineRoute, noteSession } from '../http/route-module.js';

/**
 * A one-time link to Chrome DevTools on the session's active page: the frontend Chromium ships, served
 * here (`/devtools/…`), connecting back over this server's page-level CDP endpoint with a ticket.
 */
export default defineRoute('devtoolsLink', routes.devtoolsLink, async ({ params, deps, req, res }) => {
  const live = await deps.sessions.requireLive(params.id);
  noteSession(res, live);
  if (!cdpReachable(live, deps.config)) {
    throw new CdpUnavailableError(`Session "${live.name}" cannot be reached over CDP (${live.browserType}).`);
  }
  const pages = await deps.manager.devtoolsPages(live.id);
  const page = pages.find((p) => p.active) ?? pages[0];
  // Its pages were all closed (by a client): the caller's doing, so a 404 that says how to get one.
  if (!page) {
    throw new HttpError(
      'page_not_found',
      `Session "${live.name}" has no open page to inspect; open one with POST /sessions/${live.name}/pages.`,
    );
  }
  const { ticket, expiresAt } = deps.cdpTickets.issue(live.id);
  const socket = `${req.headers.host ?? 'localhost'}/sessions/${encodeURIComponent(live.id)}/cdp/page/${page.targetId}?ticket=${ticket}`;
  const url = `/devtools/inspector.html?ws=${encodeURIComponent(socket)}`;
  return { status: 201, json: { url, targetId: page.targetId, expiresAt } };
});
