import type { Session } from '@marketbridge/api-types';
import type { Request } from 'express';
import type { ServerConfig } from '../options.js';

/** The WebSocket URL of a session's CDP endpoint, for a client that reached this server at `base`. */
export function cdpUrlOf(base: string, sessionId: string): string {
  return `${base.replace(/^http/, 'ws')}/sessions/${encodeURIComponent(sessionId)}/cdp`;
}

/** Whether a session of this browser can be attached to over CDP on this server. */
export function cdpReachable(session: Pick<Session, 'browserType'>, config: ServerConfig): boolean {
  return session.browserType === 'chromium' && config.cdp && !config.browserEndpoint;
}

/**
 * A session as the API answers it: with `cdpUrl` built from the Host the client used (already checked
 * against the allow-list), so the URL works from where the client stands.
 */
export function withCdpUrl<S extends Session>(session: S, req: Request, config: ServerConfig): S {
  const cdpUrl = cdpReachable(session, config)
    ? cdpUrlOf(`http://${req.headers.host ?? 'localhost'}`, session.id)
    : null;
  return { ...session, cdpUrl };
}
