import type { WebSocket } from 'ws';
import type { Market, Quote } from './market.js';
import type { DemoOrder, ReceivedCommand, StreamKind } from './types.js';

interface Client {
  socket: WebSocket;
  /** symbol → the streams this page subscribed to. */
  streams: Map<string, Set<StreamKind>>;
}

const streamOf: Record<string, StreamKind> = {
  subscribe_market_data: 'market_data',
  subscribe_time_and_sales: 'time_and_sales',
  subscribe_bid_ask: 'bid_ask',
};
const SYMBOL = /^[A-Z0-9][A-Z0-9./-]{0,19}$/;
const MAX_RECEIVED = 1_000;

function send(socket: WebSocket, type: string, data: Record<string, unknown>): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type, data }));
}

/**
 * The demo's WebSocket bridge: speaks the MarketBridge protocol (DESIGN.md) to every connected page,
 * streams simulated ticks for what each page subscribed to, and fills simulated orders.
 */
export class DemoBridge {
  /** Commands received, oldest first (the last 1000). */
  readonly received: ReceivedCommand[] = [];
  readonly #clients = new Set<Client>();
  readonly #orders = new Map<number, DemoOrder & { client: Client }>();
  readonly #market: Market;
  readonly #timer: NodeJS.Timeout;
  #nextOrderId = 1;

  constructor(market: Market, tickIntervalMs: number) {
    this.#market = market;
    this.#timer = setInterval(() => this.#tick(), tickIntervalMs);
    this.#timer.unref();
  }

  get connectionCount(): number {
    return this.#clients.size;
  }

  get orders(): DemoOrder[] {
    return [...this.#orders.values()].map(({ client: _client, ...order }) => order);
  }

  /** Takes over a freshly upgraded socket: greets it with `connection_status` and serves its commands. */
  attach(socket: WebSocket): void {
    const client: Client = { socket, streams: new Map() };
    this.#clients.add(client);
    socket.on('close', () => this.#clients.delete(client));
    socket.on('error', () => socket.terminate());
    socket.on('message', (raw) => this.#onMessage(client, String(raw)));
    send(socket, 'connection_status', { status: 'connected', next_order_id: this.#nextOrderId });
  }

  /** Drops every connection at once, as a bridge that dies would. */
  disconnectAll(): void {
    for (const { socket } of this.#clients) socket.terminate();
    this.#clients.clear();
  }

  close(): void {
    clearInterval(this.#timer);
    this.disconnectAll();
  }

  #onMessage(client: Client, raw: string): void {
    let command: { type?: unknown; data?: unknown };
    try {
      command = JSON.parse(raw);
    } catch {
      send(client.socket, 'error', { message: 'Command is not JSON' });
      return;
    }
    const type = typeof command.type === 'string' ? command.type : '';
    const data = (command.data && typeof command.data === 'object' ? command.data : {}) as Record<
      string,
      unknown
    >;
    this.received.push({ type, data, at: Date.now() });
    if (this.received.length > MAX_RECEIVED) this.received.shift();

    const stream = streamOf[type];
    if (stream) this.#subscribe(client, stream, data);
    else if (type === 'unsubscribe_market_data') this.#unsubscribe(client, data);
    else if (type === 'place_order') this.#placeOrder(client, data);
    else if (type === 'cancel_order') this.#cancelOrder(client, data);
    else send(client.socket, 'error', { message: `Unknown command: ${type || '(none)'}` });
  }

  #subscribe(client: Client, stream: StreamKind, data: Record<string, unknown>): void {
    const symbol = String(data.symbol ?? '');
    if (!SYMBOL.test(symbol)) {
      send(client.socket, 'error', { message: `Invalid symbol: ${symbol || '(empty)'}`, symbol });
      return;
    }
    const streams = client.streams.get(symbol) ?? new Set();
    streams.add(stream);
    client.streams.set(symbol, streams);
    this.#sendStream(client.socket, stream, this.#market.quote(symbol));
  }

  #unsubscribe(client: Client, data: Record<string, unknown>): void {
    client.streams.delete(String(data.symbol ?? ''));
  }

  #placeOrder(client: Client, data: Record<string, unknown>): void {
    const symbol = String(data.symbol ?? '');
    const action = data.action;
    const orderType = data.order_type;
    const quantity = Number(data.quantity);
    const price = data.price === undefined || data.price === null ? undefined : Number(data.price);
    const requested = Number(data.order_id);
    const orderId = Number.isInteger(requested) && requested > 0 ? requested : this.#nextOrderId;
    const problem = !SYMBOL.test(symbol)
      ? `Invalid symbol: ${symbol || '(empty)'}`
      : action !== 'BUY' && action !== 'SELL'
        ? `Invalid action: ${String(action)}`
        : orderType !== 'MKT' && orderType !== 'LMT' && orderType !== 'STP'
          ? `Invalid order type: ${String(orderType)}`
          : !Number.isInteger(quantity) || quantity <= 0
            ? `Invalid quantity: ${String(data.quantity)}`
            : orderType !== 'MKT' && !(price !== undefined && Number.isFinite(price) && price > 0)
              ? `${orderType} orders need a price`
              : this.#orders.has(orderId)
                ? `Duplicate order id ${orderId}`
                : undefined;
    if (problem) {
      send(client.socket, 'error', { message: `Order rejected: ${problem}`, order_id: orderId });
      return;
    }
    this.#nextOrderId = Math.max(this.#nextOrderId, orderId + 1);
    const order = {
      client,
      orderId,
      symbol,
      action,
      quantity,
      orderType,
      price: orderType === 'MKT' ? undefined : price,
      status: 'Submitted',
      avgFillPrice: undefined,
    } as DemoOrder & { client: Client };
    this.#orders.set(orderId, order);
    this.#sendOrder(order);
  }

  #cancelOrder(client: Client, data: Record<string, unknown>): void {
    const order = this.#orders.get(Number(data.order_id));
    if (order?.status !== 'Submitted') {
      send(client.socket, 'error', { message: `Cannot cancel order ${String(data.order_id)}` });
      return;
    }
    order.status = 'Cancelled';
    this.#sendOrder(order);
  }

  #sendOrder(order: DemoOrder & { client: Client }): void {
    const filled = order.status === 'Filled' ? order.quantity : 0;
    send(order.client.socket, 'order_status', {
      order_id: order.orderId,
      symbol: order.symbol,
      status: order.status,
      filled,
      remaining: order.quantity - filled,
      avg_fill_price: order.avgFillPrice ?? 0,
    });
  }

  #tick(): void {
    const symbols = new Set<string>();
    for (const client of this.#clients) for (const symbol of client.streams.keys()) symbols.add(symbol);
    for (const symbol of symbols) this.#market.step(symbol);
    for (const client of this.#clients) {
      for (const [symbol, streams] of client.streams) {
        const quote = this.#market.quote(symbol);
        for (const stream of streams) this.#sendStream(client.socket, stream, quote);
      }
    }
    for (const order of this.#orders.values()) this.#maybeFill(order);
  }

  #maybeFill(order: DemoOrder & { client: Client }): void {
    if (order.status !== 'Submitted') return;
    const { last, bid, ask } = this.#market.quote(order.symbol);
    const price = order.price ?? 0;
    const buy = order.action === 'BUY';
    const fills =
      order.orderType === 'MKT' ||
      (order.orderType === 'LMT' && (buy ? price >= ask : price <= bid)) ||
      (order.orderType === 'STP' && (buy ? last >= price : last <= price));
    if (!fills) return;
    order.status = 'Filled';
    order.avgFillPrice = order.orderType === 'LMT' ? price : buy ? ask : bid;
    this.#sendOrder(order);
  }

  #sendStream(socket: WebSocket, stream: StreamKind, quote: Quote): void {
    const timestamp = new Date().toISOString();
    const { symbol } = quote;
    if (stream === 'market_data') {
      for (const tick of ['last', 'bid', 'ask'] as const)
        send(socket, 'market_data', {
          symbol,
          data_type: 'price',
          tick_type: tick,
          price: quote[tick],
          timestamp,
        });
      const sizes = { bid_size: quote.bidSize, ask_size: quote.askSize, volume: quote.volume };
      for (const [tick, size] of Object.entries(sizes))
        send(socket, 'market_data', { symbol, data_type: 'size', tick_type: tick, size, timestamp });
    } else if (stream === 'time_and_sales') {
      const size = 100 * (1 + (quote.volume % 50));
      send(socket, 'time_and_sales', { symbol, price: quote.last, size, timestamp });
    } else {
      send(socket, 'bid_ask_tick', {
        symbol,
        bid: quote.bid,
        ask: quote.ask,
        bid_size: quote.bidSize,
        ask_size: quote.askSize,
        timestamp,
      });
    }
  }
}
