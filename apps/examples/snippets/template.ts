// A snippet for `mb-browser run <session> apps/examples/snippets/template.ts`: edit it and rerun it against
// the same live page. It gets the session (reused or created), the client, and a MarketBridge controller
// on that session. MARKETBRIDGE_URL picks the MarketBridge to open (default http://localhost:8080).
import type { SessionHandle } from '@marketbridge/client';
import type { BrowserController } from '@marketbridge/controller';

export default async ({ session, controller }: { session: SessionHandle; controller: BrowserController }) => {
  if (!controller.isMarketBridgeUrl(session.info.currentUrl)) await controller.navigateToMarketBridge();
  const ready = await controller.waitForMarketBridgeReady({ connected: true, timeoutMs: 15_000 });
  return {
    ready,
    status: await controller.getConnectionStatus(),
    subscriptions: await controller.listSubscriptions(),
  };
};
