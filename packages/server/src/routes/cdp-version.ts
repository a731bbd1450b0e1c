import { type CdpVersionResponse, routes } from '@marketbridge/api-types';
import { cdpUrlOf } from '../cdp/cdp-url.js';
import { HttpError } from '../errors.js';
import { defineRoute, noteSession } from '../http/route-module.js';

/**
 * Chrome's `/json/version` for one session, so tools that start from an HTTP endpoint (Playwright's
 * `connectOverCDP('http://…/sessions/trading')`, Puppeteer's `browserURL`) find the session's socket.
 */
export default defineRoute('cdpVersion', routes.cdpVersion, async ({ params, deps, req, res }) => {
  const live = await deps.sessions.requireLive(params.id);
  noteSession(res, live);
  const { browserWsUrl } = await deps.manager.devtoolsTarget(live.id);
  const versionUrl = `${browserWsUrl.replace(/^ws:/, 'http:').replace(/\/devtools\/browser\/.*$/, '')}/json/version`;
  let version: Record<string, string>;
  try {
    version = (await (await fetch(versionUrl)).json()) as Record<string, string>;
  } catch (cause) {
    throw new HttpError(
      'browser_unavailable',
      "The session's browser did not answer its DevTools endpoint.",
      {
        cause,
      },
    );
  }
  const body: CdpVersionResponse = {
    Browser: version.Browser ?? '',
    'Protocol-Version': version['Protocol-Version'] ?? '',
    'User-Agent': version['User-Agent'] ?? '',
    ...(version['V8-Version'] ? { 'V8-Version': version['V8-Version'] } : {}),
    ...(version['WebKit-Version'] ? { 'WebKit-Version': version['WebKit-Version'] } : {}),
    webSocketDebuggerUrl: cdpUrlOf(`http://${req.headers.host ?? 'localhost'}`, live.id),
  };
  return { json: body };
});
