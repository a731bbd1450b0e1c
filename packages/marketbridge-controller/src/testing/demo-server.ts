import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { seededRandom } from '@marketbridge/api-types';
import { WebSocketServer } from 'ws';
import { DemoBridge } from './bridge.js';
import { Market } from './market.js';
import { assets, type DemoLayout, renderPage } from './page.js';
import type { DemoOrder, ReceivedCommand } from './types.js';

export type BridgeState = 'up' | 'down';

export interface DemoMarketBridgeOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Page layout: `newer` (two status badges, futures fields; default) or `older`. `?layout=` overrides per page. */
  layout?: DemoLayout;
  /** How often subscribed symbols tick, ms (default 500). */
  tickIntervalMs?: number;
  /** Whether the WebSocket bridge accepts connections at start (default `up`). */
  bridge?: BridgeState;
  /** How long the page waits before reconnecting to the bridge, ms (default 1000). */
  reconnectDelayMs?: number;
  /** Expose `window.wsClient` and `window.app.getConnectionStatus()` as the real app does (default true). */
  exposePageState?: boolean;
  /** Leave the status texts as loaded ("Disconnected") whatever happens, like some real versions (default false). */
  statusTextStuck?: boolean;
  /** Seed of the random walk (default: random). */
  seed?: number;
}

export interface DemoMarketBridge {
  /** The page, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** The bridge the page connects to: `ws://127.0.0.1:41234/ws`. */
  readonly wsUrl: string;
  readonly layout: DemoLayout;
  readonly bridge: BridgeState;
  /** Pages connected to the bridge right now. */
  readonly connectionCount: number;
  /** Commands the bridge received (`{ type, data, at }`, the last 1000), oldest first. */
  readonly received: readonly ReceivedCommand[];
  /** Orders the bridge accepted, with their current status. */
  readonly orders: DemoOrder[];
  /** The page URL in a given layout (`?layout=older`). */
  urlFor(layout: DemoLayout): string;
  /** `down` drops every connection and refuses new ones (the page shows it and keeps retrying); `up` accepts again. */
  setBridge(state: BridgeState): Promise<void>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Starts a demo MarketBridge: an HTTP server with the trading page (DESIGN.md's DOM contract) and,
 * on the same port at `/ws`, a WebSocket bridge with simulated ticks and orders.
 */
export async function startDemoMarketBridge(
  options: DemoMarketBridgeOptions = {},
): Promise<DemoMarketBridge> {
  const layout = options.layout ?? 'newer';
  const host = options.host ?? '127.0.0.1';
  let bridgeState: BridgeState = options.bridge ?? 'up';
  const market = new Market(options.seed === undefined ? Math.random : seededRandom(options.seed));
  const bridge = new DemoBridge(market, options.tickIntervalMs ?? 500);
  const wss = new WebSocketServer({ noServer: true });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'Method not allowed');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const requested = url.searchParams.get('layout');
      const pageLayout = requested === 'older' || requested === 'newer' ? requested : layout;
      const html = renderPage({
        layout: pageLayout,
        wsUrl: null,
        reconnectDelayMs: options.reconnectDelayMs ?? 1_000,
        exposeState: options.exposePageState ?? true,
        statusTextStuck: options.statusTextStuck ?? false,
      });
      return send(200, 'text/html; charset=utf-8', html);
    }
    const asset = assets[url.pathname];
    if (asset) return send(200, asset.type, asset.body);
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (url.pathname === '/health')
      return send(200, 'application/json', JSON.stringify({ bridge: bridgeState, layout }));
    send(404, 'text/plain', 'Not found');
  };

  const server = createServer(handle);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (new URL(req.url ?? '/', 'http://demo').pathname !== '/ws')
      return refuseUpgrade(socket, '404 Not Found');
    if (bridgeState === 'down') return refuseUpgrade(socket, '503 Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => bridge.attach(ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      bridge.close();
      wss.close();
      server.closeAllConnections();
      server.close(() => resolve());
    });
    return closed;
  };

  return {
    url,
    wsUrl: `ws://${urlHost}:${port}/ws`,
    layout,
    get bridge() {
      return bridgeState;
    },
    get connectionCount() {
      return bridge.connectionCount;
    },
    get received() {
      return bridge.received;
    },
    get orders() {
      return bridge.orders;
    },
    urlFor: (pageLayout) => `${url}/?layout=${pageLayout}`,
    async setBridge(state) {
      bridgeState = state;
      if (state === 'down') bridge.disconnectAll();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
