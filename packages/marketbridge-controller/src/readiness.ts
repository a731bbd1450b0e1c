import type { ControllerPage } from './controller-page.js';
import { positiveMs } from './controller-page.js';
import { READ_STATUS } from './page-scripts.js';
import { type ConnectionStatus, connectionStatusFrom, type RawStatus } from './status.js';

/** The page's connection to its bridge: its own state when it exposes one, its status texts otherwise. */
export async function getConnectionStatus(page: ControllerPage): Promise<ConnectionStatus> {
  return connectionStatusFrom(await page.script<RawStatus>(READ_STATUS));
}

/** True once the page has `#app` and a status element (and, with `connected`, is connected); see the controller. */
export async function waitForReady(
  page: ControllerPage,
  options: { timeoutMs?: number; connected?: boolean },
): Promise<boolean> {
  const timeoutMs = positiveMs(options.timeoutMs, 30_000, 'timeoutMs');
  page.requireSession();
  let last: { hasApp: boolean; status: ConnectionStatus } | undefined;
  const ready = await page.poll(async () => {
    const raw = await page.script<RawStatus>(READ_STATUS).catch(() => undefined);
    if (!raw) return undefined; // e.g. the page is between documents
    last = { hasApp: raw.hasApp, status: connectionStatusFrom(raw) };
    const ok =
      raw.hasApp && last.status.layout !== 'unknown' && (!options.connected || last.status.connected);
    return ok ? true : undefined;
  }, timeoutMs);
  if (ready) return true;
  page.log.warn(
    `MarketBridge not ready after ${timeoutMs} ms: ${
      !last
        ? 'the page could not be read'
        : !last.hasApp
          ? 'no app root'
          : `status ${JSON.stringify(last.status)}`
    }`,
  );
  return false;
}
