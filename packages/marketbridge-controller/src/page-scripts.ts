/**
 * JavaScript run in the MarketBridge page (through the session's execute endpoint). Each is a function
 * body: `args[0]` is the selector map and any user value arrives as a later `args` entry — never pasted
 * into the source. They only read the page; every action goes through interact calls.
 */

/** → RawStatus (see status.ts). */
export const READ_STATUS = `
const [s] = args;
const text = (sel) => { const el = document.querySelector(sel); return el ? el.textContent.trim() : null; };
let appState = null;
let wsIsConnected = null;
try {
  // Without the app's own object, window.app is the #app element (a named global): check for the method.
  const app = window.app;
  if (app && typeof app.getConnectionStatus === 'function') {
    const st = app.getConnectionStatus();
    if (st && typeof st === 'object')
      appState = {
        connected: st.connected === true,
        connecting: st.connecting === true,
        reconnectAttempts: typeof st.reconnectAttempts === 'number' ? st.reconnectAttempts : null,
      };
  }
} catch {}
try {
  const ws = window.wsClient;
  if (ws && typeof ws === 'object' && 'isConnected' in ws) {
    const v = typeof ws.isConnected === 'function' ? ws.isConnected() : ws.isConnected;
    if (typeof v === 'boolean') wsIsConnected = v;
  }
} catch {}
return {
  hasApp: document.querySelector(s.app) !== null,
  appState,
  wsIsConnected,
  statusText: text(s.statusText),
  wsStatusText: text(s.wsStatusText),
  ibStatusText: text(s.ibStatusText),
};`;

/** → { key, shown }[] for every subscription item. */
export const LIST_SUBSCRIPTIONS = `
const [s] = args;
const list = document.querySelector(s.subscriptionsList);
if (!list) return [];
return [...list.querySelectorAll(s.subscriptionItem)].map((item) => {
  const box = item.querySelector(s.subscriptionCheckbox);
  const shown = item.querySelector(s.subscriptionSymbol);
  return { key: box ? box.value : '', shown: (shown ? shown.textContent : item.textContent).trim() };
});`;

/** args[1] = symbol → the row's cell texts, or null when there is no row. */
export const READ_ROW = `
const [s, symbol] = args;
const grid = document.querySelector(s.marketDataGrid);
if (!grid) return null;
const row = [...grid.querySelectorAll(s.marketDataRow)].find(
  (r) => (r.getAttribute('data-symbol') || (r.cells[0] ? r.cells[0].textContent : '')).trim().toUpperCase() === symbol,
);
return row ? [...row.cells].map((c) => c.textContent.trim()) : null;`;

/** → every order item's fields (null where the page has none) and text. */
export const LIST_ORDERS = `
const [s] = args;
const list = document.querySelector(s.ordersList);
if (!list) return [];
const field = (item, sel) => { const el = item.querySelector(sel); return el ? el.textContent.trim() : null; };
return [...list.querySelectorAll(s.orderItem)].map((item) => ({
  id: item.getAttribute('data-order-id') ?? field(item, s.orderItemId),
  symbol: field(item, s.orderItemSymbol),
  action: field(item, s.orderItemAction),
  quantity: field(item, s.orderItemQuantity),
  orderType: field(item, s.orderItemType),
  price: field(item, s.orderItemPrice),
  status: field(item, s.orderItemStatus),
  text: item.textContent.replace(/\\s+/g, ' ').trim(),
}));`;

/** → the message log's lines (its children, else its text split into lines). */
export const READ_LOG = `
const [s] = args;
const log = document.querySelector(s.messageLog);
if (!log) return [];
const lines = log.children.length > 0
  ? [...log.children].map((el) => el.textContent)
  : log.textContent.split('\\n');
return lines.map((l) => l.trim()).filter(Boolean);`;

/** args[1] = selector name → the option values of that select, or null when the element is missing. */
export const SELECT_OPTIONS = `
const [s, name] = args;
const el = document.querySelector(s[name]);
return el && el.options ? [...el.options].map((o) => o.value) : null;`;
