import type { ControllerPage } from './controller-page.js';
import { positiveMs } from './controller-page.js';
import { LIST_ORDERS } from './page-scripts.js';
import { parseNumber } from './parse.js';
import { type OrderInput, validateOrder } from './validation.js';

/** An item of the orders list, parsed; fields the page does not show are null. */
export interface Order {
  orderId: number | null;
  symbol: string | null;
  action: string | null;
  quantity: number | null;
  orderType: string | null;
  price: number | null;
  status: string | null;
  /** The item's whole text. */
  text: string;
}

/** An item of the orders list as the page script reads it: every field a string or absent. */
interface RawOrder {
  id: string | null;
  symbol: string | null;
  action: string | null;
  quantity: string | null;
  orderType: string | null;
  price: string | null;
  status: string | null;
  text: string;
}

/** Every item of the orders list, parsed. */
export async function getOrders(page: ControllerPage): Promise<Order[]> {
  const raw = await page.script<RawOrder[]>(LIST_ORDERS);
  return raw.map((o) => ({
    orderId: parseNumber(o.id?.replace(/^#/, '')),
    symbol: o.symbol,
    action: o.action,
    quantity: parseNumber(o.quantity),
    orderType: o.orderType,
    price: parseNumber(o.price),
    status: o.status,
    text: o.text,
  }));
}

/** Places an order through the page's order form; see `BrowserController.placeOrder`. */
export async function placeOrder(page: ControllerPage, input: OrderInput): Promise<Order | null> {
  const order = validateOrder(input);
  const timeoutMs = positiveMs(input.timeoutMs, page.confirmTimeoutMs, 'timeoutMs');
  page.requireSession();
  const before = await getOrders(page);
  const logBefore = new Set(await page.readLog());
  await page.act('select', 'orderType', order.orderType);
  await page.act('fill', 'orderSymbol', order.symbol);
  await page.act('select', 'orderAction', order.action);
  await page.act('fill', 'orderQuantity', String(order.quantity));
  if (order.price !== undefined) await page.act('fill', 'orderPrice', String(order.price));
  await page.act('click', 'placeOrderButton');

  const outcome = await page.poll(async () => {
    const orders = await getOrders(page);
    if (orders.length > before.length) return orders[orders.length - 1];
    const errors = await page.newErrors(logBefore);
    return errors.length > 0 ? `the page said: ${errors.join(' | ')}` : undefined;
  }, timeoutMs);
  const what = `${order.action} ${order.quantity} ${order.symbol} ${order.orderType}${order.price !== undefined ? ` @ ${order.price}` : ''}`;
  if (outcome !== undefined && typeof outcome === 'object') {
    page.log.info(`Order placed: ${what} (${outcome.text})`);
    return outcome;
  }
  page.fail(`Order ${what} refused: ${outcome ?? `it did not appear within ${timeoutMs} ms`}`);
  return null;
}
