export {
  type BridgeState,
  type DemoMarketBridge,
  type DemoMarketBridgeOptions,
  startDemoMarketBridge,
} from './demo-server.js';
export { openingPrice } from './market.js';
export { contractMonths, type DemoLayout } from './page.js';
export type { DemoOrder, ReceivedCommand, StreamKind } from './types.js';
