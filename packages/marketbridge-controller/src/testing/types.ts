// Public types of the demo, kept apart from the ws-based code so their declarations need no @types/ws.

/** A command the bridge received from a page: `{ type, data }` as sent over the WebSocket. */
export interface ReceivedCommand {
  type: string;
  data: Record<string, unknown>;
  at: number;
}

export type StreamKind = 'market_data' | 'time_and_sales' | 'bid_ask';

export interface DemoOrder {
  orderId: number;
  symbol: string;
  action: 'BUY' | 'SELL';
  quantity: number;
  orderType: 'MKT' | 'LMT' | 'STP';
  price: number | undefined;
  status: 'Submitted' | 'Filled' | 'Cancelled';
  avgFillPrice: number | undefined;
}
