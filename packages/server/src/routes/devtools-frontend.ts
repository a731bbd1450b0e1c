import { z } from 'zod';
import { cdpReachable } from '../cdp/cdp-url.js';
import { HttpError } from '../errors.js';
import { defineRoute, type RouteModule, type RouteSpec } from '../http/route-module.js';

const spec = {
  method: 'GET',
  path: '/devtools/*path',
  auth: false,
  params: z.strictObject({ path: z.array(z.string().max(200)).max(20) }),
  query: z.record(z.string(), z.string().max(4096)),
  success: { status: 200 },
} as const;

/**
 * Chrome DevTools' frontend, as the running Chromium serves it on its loopback DevTools port. Open
 * without a token, like the dashboard's own files: it is Chromium's static code and holds no data; the
 * page it inspects is reached only over the CDP endpoint, with a ticket.
 */
export const devtoolsFrontend = defineRoute('devtoolsFrontend', spec, async ({ params, deps }) => {
  const path = params.path.join('/');
  if (params.path.some((segment) => segment === '..' || segment === '.' || segment === '')) {
    throw new HttpError('not_found', 'No such DevTools file.');
  }
  const session = deps.manager
    .listSessions()
    .find((s) => s.status === 'active' && cdpReachable(s, deps.config));
  if (!session) {
    throw new HttpError('session_unavailable', 'No Chromium session is running to serve DevTools from.');
  }
  const { browserWsUrl } = await deps.manager.devtoolsTarget(session.id);
  const base = browserWsUrl.replace(/^ws:/, 'http:').replace(/\/devtools\/browser\/.*$/, '');
  const upstream = await fetch(`${base}/devtools/${path}`).catch((cause: unknown) => {
    throw new HttpError('browser_unavailable', 'The browser did not serve DevTools.', { cause });
  });
  const bytes = Buffer.from(await upstream.arrayBuffer());
  // Chromium answers an unknown file with an empty 200.
  if (!upstream.ok || bytes.length === 0) throw new HttpError('not_found', 'No such DevTools file.');
  return {
    bytes,
    contentType: upstream.headers.get('content-type') ?? 'application/octet-stream',
    headers: { 'Cache-Control': 'private, max-age=3600' },
  };
}) as unknown as RouteModule<RouteSpec>;
