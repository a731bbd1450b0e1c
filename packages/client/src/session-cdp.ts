/**
 * Where a CDP client attaches to a session, from the session as the server describes it: its `cdpUrl`
 * and the headers that carry the token, or why it has none.
 */
import type { Session } from '@marketbridge/api-types';
import { MarketBridgeError } from './errors.js';

/** A session's CDP endpoint; a MarketBridgeError naming the reason for one that cannot be reached over CDP. */
export function cdpConnection(
  info: Session,
  headers: Record<string, string>,
): { url: string; headers: Record<string, string> } {
  if (!info.cdpUrl) {
    throw new MarketBridgeError(
      `Session "${info.name}" cannot be reached over CDP: it runs ${info.browserType}` +
        (info.browserType === 'chromium'
          ? ' on a server without CDP (--no-cdp or a remote browser server).'
          : "; CDP is Chromium's."),
    );
  }
  return { url: info.cdpUrl, headers };
}
