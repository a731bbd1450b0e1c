import type { ControllerPage } from './controller-page.js';
import { positiveMs } from './controller-page.js';
import { LIST_SUBSCRIPTIONS, SELECT_OPTIONS } from './page-scripts.js';
import { parseSubscriptionKey, type Subscription } from './parse.js';
import { getConnectionStatus } from './readiness.js';
import { normalizeSymbol, type SubscribeOptions, validateSubscription } from './validation.js';

/** A CSS string literal's inside: the value may come from the page, so quote it properly. */
function cssString(value: string): string {
  return value.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\a ');
}

/** Every item of the subscriptions list. */
export async function listSubscriptions(page: ControllerPage): Promise<Subscription[]> {
  const items = await page.script<{ key: string; shown: string }[]>(LIST_SUBSCRIPTIONS);
  return items.map(({ key, shown }) => parseSubscriptionKey(key, shown));
}

/** Subscribes through the page's form; see `BrowserController.subscribeToMarketData`. */
export async function subscribe(
  page: ControllerPage,
  symbol: string,
  options: SubscribeOptions,
): Promise<boolean> {
  const request = validateSubscription(symbol, options);
  const timeoutMs = positiveMs(options.timeoutMs, page.confirmTimeoutMs, 'timeoutMs');
  page.requireSession();
  const has = (subs: Subscription[]) => subs.some((s) => s.key.toUpperCase() === request.key.toUpperCase());
  if (has(await listSubscriptions(page))) {
    page.log.info(`Already subscribed to ${request.key}`);
    return true;
  }
  const logBefore = new Set(await page.readLog());

  await page.act('select', 'instrumentType', request.instrumentType);
  if (request.futures) {
    const refusal = await fillFutures(page, request.futures);
    if (refusal) return page.fail(`Cannot subscribe to ${request.key}: ${refusal}`);
  }
  await page.act('fill', 'symbol', request.symbol);
  await page.act('select', 'dataType', request.dataType);
  await page.act('click', 'subscribeButton');

  const outcome = await page.poll(async () => {
    if (has(await listSubscriptions(page))) return 'ok';
    const errors = await page.newErrors(logBefore);
    return errors.length > 0 ? `the page said: ${errors.join(' | ')}` : undefined;
  }, timeoutMs);
  if (outcome === 'ok') {
    page.log.info(`Subscribed to ${request.key}`);
    return true;
  }
  const status = await getConnectionStatus(page).catch(() => undefined);
  const state = status && !status.connected ? ' (the page is not connected to its bridge)' : '';
  return page.fail(
    `Subscription to ${request.key} refused: ${outcome ?? `it did not appear within ${timeoutMs} ms`}${state}`,
  );
}

/** Sets the futures fields; returns why not when the page cannot take them. */
async function fillFutures(
  page: ControllerPage,
  futures: NonNullable<ReturnType<typeof validateSubscription>['futures']>,
): Promise<string | undefined> {
  const months = await page.script<string[] | null>(SELECT_OPTIONS, 'contractMonth');
  const exchanges = await page.script<string[] | null>(SELECT_OPTIONS, 'exchange');
  if (!months || !exchanges) {
    // Older pages have no futures fields: fine for the front month, impossible otherwise.
    if (futures.exchange || futures.contractMonth || futures.lastTradeDate)
      return 'this MarketBridge page has no futures fields (exchange, contract month, last trade date)';
    return undefined;
  }
  const exchange = futures.exchange ?? exchanges[0];
  if (exchange === undefined || !exchanges.includes(exchange))
    return `the page offers no exchange ${futures.exchange} (it has ${exchanges.join(', ')})`;
  if (!months.includes(futures.contractMonth))
    return `the page offers no contract month ${futures.contractMonth} (it has ${months.filter(Boolean).join(', ')})`;
  await page.act('select', 'exchange', exchange);
  await page.act('select', 'contractMonth', futures.contractMonth);
  await page.act('fill', 'lastTradeDate', futures.lastTradeDate);
  return undefined;
}

/** Unsubscribes every subscription of `symbol` with its own button; true once they are gone. */
export async function unsubscribe(
  page: ControllerPage,
  symbol: string,
  options: { timeoutMs?: number },
): Promise<boolean> {
  const normalized = normalizeSymbol(symbol);
  const timeoutMs = positiveMs(options.timeoutMs, page.confirmTimeoutMs, 'timeoutMs');
  const mine = (subs: Subscription[]) => subs.filter((s) => s.symbol.toUpperCase() === normalized);
  const targets = mine(await listSubscriptions(page));
  if (targets.length === 0) return page.fail(`Not subscribed to ${normalized}: nothing to unsubscribe`);
  const s = page.selectors;
  for (const { key } of targets) {
    const button = `${s.subscriptionsList} ${s.subscriptionItem}:has(${s.subscriptionCheckbox}[value="${cssString(key)}"]) ${s.subscriptionUnsubscribe}`;
    await page.act('click', 'subscriptionUnsubscribe', undefined, button);
  }
  const gone = await page.poll(
    async () => (mine(await listSubscriptions(page)).length === 0 ? true : undefined),
    timeoutMs,
  );
  if (!gone) return page.fail(`Unsubscribing ${normalized}: still listed after ${timeoutMs} ms`);
  page.log.info(`Unsubscribed from ${targets.map((t) => t.key).join(', ')}`);
  return true;
}
