import { describe, expect, it } from 'vitest';
import { connectionStatusFrom, type RawStatus } from './status.js';

const raw = (over: Partial<RawStatus>): RawStatus => ({
  hasApp: true,
  appState: null,
  wsIsConnected: null,
  statusText: null,
  wsStatusText: null,
  ibStatusText: null,
  ...over,
});

describe('connectionStatusFrom', () => {
  it('prefers the page state over a stale badge', () => {
    const status = connectionStatusFrom(
      raw({
        appState: { connected: true, connecting: false, reconnectAttempts: 0 },
        wsIsConnected: true,
        wsStatusText: 'WebSocket: Disconnected',
        ibStatusText: 'IB: Connected',
      }),
    );
    expect(status).toMatchObject({
      connected: true,
      source: 'page-state',
      layout: 'newer',
      ibConnected: true,
    });
    expect(connectionStatusFrom(raw({ wsIsConnected: false, statusText: 'Connected' }))).toMatchObject({
      connected: false,
      source: 'page-state',
      layout: 'older',
    });
  });

  it('reads the texts of both generations when the page has no state', () => {
    const older = (statusText: string) => connectionStatusFrom(raw({ statusText }));
    expect(older('Connected')).toMatchObject({
      connected: true,
      connecting: false,
      source: 'status-text',
      layout: 'older',
    });
    expect(older('Connecting...')).toMatchObject({ connected: false, connecting: true });
    expect(older('Disconnected').connected).toBe(false);
    expect(older('Connection Failed').connected).toBe(false);
    const newer = connectionStatusFrom(
      raw({ wsStatusText: 'WebSocket: Connected', ibStatusText: 'IB: Not Connected' }),
    );
    expect(newer).toMatchObject({ connected: true, layout: 'newer', ibConnected: false });
    expect(connectionStatusFrom(raw({ wsStatusText: 'WebSocket: Disconnected' })).connected).toBe(false);
    expect(connectionStatusFrom(raw({}))).toMatchObject({
      connected: false,
      source: 'none',
      layout: 'unknown',
    });
  });
});
