export {
  BrowserController,
  type BrowserControllerOptions,
  type ControllerLogger,
  DEFAULT_MARKETBRIDGE_URL,
  DEFAULT_SESSION_NAME,
  type Order,
  type StartSessionOptions,
} from './browser-controller.js';
export { ControllerError, type ControllerErrorCode } from './errors.js';
export {
  type MarketData,
  parseMarketDataRow,
  parseNumber,
  parseSubscriptionKey,
  type Subscription,
} from './parse.js';
export { debugScreenshotPath, sanitizeLabel } from './screenshots.js';
export { DEFAULT_SELECTORS, resolveSelectors, type SelectorName, type Selectors } from './selectors.js';
export { type ConnectionStatus, connectionStatusFrom, type RawStatus } from './status.js';
export {
  CONTRACT_MONTH_PATTERN,
  DATA_TYPES,
  type DataType,
  FUTURES_EXCHANGES,
  type FuturesExchange,
  INSTRUMENT_TYPES,
  type InstrumentType,
  normalizeSymbol,
  ORDER_ACTIONS,
  ORDER_TYPES,
  type OrderAction,
  type OrderInput,
  type OrderRequest,
  type OrderType,
  type SubscribeOptions,
  type SubscriptionRequest,
  SYMBOL_PATTERN,
  validateOrder,
  validateSubscription,
} from './validation.js';
