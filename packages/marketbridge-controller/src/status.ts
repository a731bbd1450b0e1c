/** What the page reports about its bridge connection. */
export interface ConnectionStatus {
  connected: boolean;
  connecting: boolean;
  /** From the page's own state; null when the page does not say. */
  reconnectAttempts: number | null;
  /** Where `connected` came from: the page's own state, its status texts, or nothing at all. */
  source: 'page-state' | 'status-text' | 'none';
  /** `newer` (two status badges), `older` (`#status-text`), or `unknown` (neither found). */
  layout: 'newer' | 'older' | 'unknown';
  /** The texts as shown (they can lag the page state). */
  statusText: string | null;
  wsStatusText: string | null;
  ibStatusText: string | null;
  /** From the `IB: ...` badge (newer pages); null when there is none. */
  ibConnected: boolean | null;
}

/** What READ_STATUS collects in the page. */
export interface RawStatus {
  hasApp: boolean;
  appState: { connected: boolean; connecting: boolean; reconnectAttempts: number | null } | null;
  wsIsConnected: boolean | null;
  statusText: string | null;
  wsStatusText: string | null;
  ibStatusText: string | null;
}

/** `WebSocket: Connected` / `Connected` → `connected`; `IB: Not Connected` → `not connected`. */
function word(text: string): string {
  return text
    .replace(/^[^:]*:\s*/, '')
    .trim()
    .toLowerCase();
}

/** Page state first (`window.wsClient.isConnected`, `window.app.getConnectionStatus()`), texts otherwise. */
export function connectionStatusFrom(raw: RawStatus): ConnectionStatus {
  const layout =
    raw.wsStatusText !== null || raw.ibStatusText !== null
      ? 'newer'
      : raw.statusText !== null
        ? 'older'
        : 'unknown';
  const texts = {
    statusText: raw.statusText,
    wsStatusText: raw.wsStatusText,
    ibStatusText: raw.ibStatusText,
    ibConnected: raw.ibStatusText === null ? null : word(raw.ibStatusText) === 'connected',
  };
  if (raw.appState || raw.wsIsConnected !== null) {
    const connected = raw.wsIsConnected ?? raw.appState?.connected ?? false;
    return {
      connected,
      connecting: !connected && (raw.appState?.connecting ?? false),
      reconnectAttempts: raw.appState?.reconnectAttempts ?? null,
      source: 'page-state',
      layout,
      ...texts,
    };
  }
  const shown = raw.wsStatusText ?? raw.statusText;
  if (shown === null)
    return { connected: false, connecting: false, reconnectAttempts: null, source: 'none', layout, ...texts };
  const state = word(shown);
  return {
    connected: state === 'connected',
    connecting: state.startsWith('connecting'),
    reconnectAttempts: null,
    source: 'status-text',
    layout,
    ...texts,
  };
}
