import { ControllerError } from './errors.js';

/**
 * Every selector the controller uses, in one map (DESIGN.md "MarketBridge UI contract"). Nothing else in
 * the controller names an element; pass `selectors: { symbol: '#ticker' }` to override any of them.
 */
export const DEFAULT_SELECTORS = {
  /** The page root; its presence means "this is MarketBridge". */
  app: '#app',
  // Connection status: older pages.
  statusIndicator: '#status-indicator',
  statusText: '#status-text',
  // Connection status: newer pages.
  wsStatusText: '#ws-status-text',
  ibStatusText: '#ib-status-text',

  subscriptionForm: '#subscription-form',
  symbol: '#symbol',
  instrumentType: '#instrument-type',
  dataType: '#data-type',
  subscribeButton: '#subscribe-btn',
  unsubscribeButton: '#unsubscribe-btn',
  // Futures fields (newer pages).
  futuresDetails: '#futures-details',
  exchange: '#exchange',
  contractMonth: '#contract-month',
  lastTradeDate: '#last-trade-date',

  subscriptionsList: '#subscriptions-list',
  /** One subscription, inside `subscriptionsList`. */
  subscriptionItem: '.subscription-item',
  /** Inside a subscription item. */
  subscriptionSymbol: '.subscription-symbol',
  /** Inside a subscription item; its value is `SYMBOL_instrument_datatype`. */
  subscriptionCheckbox: 'input[type="checkbox"]',
  /** Inside a subscription item. */
  subscriptionUnsubscribe: '.btn-unsubscribe',

  marketDataGrid: '#market-data-grid',
  /** A row of the grid; the symbol is its `data-symbol` attribute. */
  marketDataRow: 'tr[data-symbol]',

  orderForm: '#order-form',
  orderSymbol: '#order-symbol',
  orderAction: '#order-action',
  orderQuantity: '#order-quantity',
  orderType: '#order-type',
  orderPrice: '#order-price',
  placeOrderButton: '#place-order-btn',
  ordersList: '#orders-list',
  /** One order, inside `ordersList`. The fields below are inside an order item (the demo's markup); a page
   *  without them still gets each order's text. The order id is the item's `data-order-id`, else `orderItemId`. */
  orderItem: '.order-item',
  orderItemId: '.order-id',
  orderItemSymbol: '.order-symbol',
  orderItemAction: '.order-action',
  orderItemQuantity: '.order-quantity',
  orderItemType: '.order-type',
  orderItemPrice: '.order-price',
  orderItemStatus: '.order-status',

  messageLog: '#message-log',
} as const;

export type SelectorName = keyof typeof DEFAULT_SELECTORS;
export type Selectors = Record<SelectorName, string>;

/** The defaults with `overrides` applied; an override must be a non-empty string. */
export function resolveSelectors(overrides: Partial<Selectors> = {}): Selectors {
  const selectors: Selectors = { ...DEFAULT_SELECTORS };
  for (const [name, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(DEFAULT_SELECTORS, name))
      throw new ControllerError('invalid_input', `Unknown selector "${name}"`);
    if (typeof value !== 'string' || value.trim() === '')
      throw new ControllerError('invalid_input', `Selector "${name}" must be a non-empty string`);
    selectors[name as SelectorName] = value;
  }
  return selectors;
}
