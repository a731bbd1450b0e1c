import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startDemoMarketBridge } from './demo-server.js';

const contractIds = [
  'app',
  'subscription-form',
  'symbol',
  'instrument-type',
  'data-type',
  'subscribe-btn',
  'unsubscribe-btn',
  'subscriptions-list',
  'market-data-grid',
  'order-form',
  'order-symbol',
  'order-action',
  'order-quantity',
  'order-type',
  'order-price',
  'place-order-btn',
  'orders-list',
  'message-log',
];
const hasId = (html: string, id: string) => html.includes(`id="${id}"`);

describe('demo MarketBridge over HTTP', () => {
  it('serves the newer layout by default and the older one by option or ?layout=', async () => {
    await using demo = await startDemoMarketBridge();
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.wsUrl).toBe(`${demo.url.replace('http', 'ws')}/ws`);
    const newer = await (await fetch(demo.url)).text();
    const older = await (await fetch(demo.urlFor('older'))).text();
    for (const id of contractIds) {
      expect(hasId(newer, id), id).toBe(true);
      expect(hasId(older, id), id).toBe(true);
    }
    for (const id of ['ws-status-text', 'ib-status-text', 'futures-details', 'exchange', 'contract-month'])
      expect([hasId(newer, id), hasId(older, id)], id).toEqual([true, false]);
    for (const id of ['status-indicator', 'status-text'])
      expect([hasId(newer, id), hasId(older, id)], id).toEqual([false, true]);

    await using olderDemo = await startDemoMarketBridge({ layout: 'older' });
    expect(hasId(await (await fetch(olderDemo.url)).text(), 'status-text')).toBe(true);
    expect(olderDemo.layout).toBe('older');
  });

  it('serves the page script and style, reports health, and 404s the rest', async () => {
    await using demo = await startDemoMarketBridge({ bridge: 'down' });
    const script = await fetch(`${demo.url}/app.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('getConnectionStatus');
    expect((await fetch(`${demo.url}/app.css`)).status).toBe(200);
    expect(await (await fetch(`${demo.url}/health`)).json()).toEqual({ bridge: 'down', layout: 'newer' });
    expect((await fetch(`${demo.url}/nope`)).status).toBe(404);
    expect((await fetch(demo.url, { method: 'POST' })).status).toBe(405);
  });

  it('refuses WebSocket connections while the bridge is down and accepts them when up', async () => {
    await using demo = await startDemoMarketBridge({ bridge: 'down' });
    const open = (url: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.on('message', (data) => {
          resolve(String(data));
          ws.close();
        });
        ws.on('error', () => resolve('error'));
      });
    expect(await open(demo.wsUrl)).toBe('error');
    expect(await open(`${demo.url.replace('http', 'ws')}/elsewhere`)).toBe('error');
    await demo.setBridge('up');
    expect(JSON.parse(await open(demo.wsUrl))).toEqual({
      type: 'connection_status',
      data: { status: 'connected', next_order_id: 1 },
    });
  });

  it('closes idempotently', async () => {
    const demo = await startDemoMarketBridge();
    await demo.close();
    await demo.close();
    await expect(fetch(demo.url)).rejects.toThrow();
  });
});
