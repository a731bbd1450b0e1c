// The demo MarketBridge page: a WebSocket client of the bridge and the DOM of DESIGN.md's UI contract.
// Plain browser JavaScript, no build step. Written for the demo from the contract.
(() => {
  const config = JSON.parse(document.getElementById('demo-config').textContent);
  const $ = (id) => document.getElementById(id);
  const MAX_LOG_LINES = 300;

  const state = {
    connected: false,
    connecting: false,
    everConnected: false,
    reconnectAttempts: 0,
    ibConnected: false,
    nextOrderId: 1,
    /** key SYMBOL_instrument_datatype → { symbol, instrumentType, dataType, command, request } */
    subscriptions: new Map(),
    /** symbol → { last, bid, ask, bid_size, ask_size, volume, open, time } */
    quotes: new Map(),
  };

  // ---- message log ----------------------------------------------------------------------------
  function log(level, text) {
    const line = document.createElement('div');
    line.className = `log-line log-${level}`;
    line.textContent = `[${new Date().toTimeString().slice(0, 8)}] ${level.toUpperCase()}: ${text}`;
    const logBox = $('message-log');
    logBox.append(line);
    while (logBox.childElementCount > MAX_LOG_LINES) logBox.firstElementChild.remove();
    logBox.scrollTop = logBox.scrollHeight;
  }

  // ---- connection status (both layouts) ---------------------------------------------------------
  function renderStatus() {
    if (config.statusTextStuck) return;
    const word = state.connected
      ? 'Connected'
      : state.connecting
        ? 'Connecting...'
        : state.everConnected || state.reconnectAttempts === 0
          ? 'Disconnected'
          : 'Connection Failed';
    const css = word.toLowerCase().replace('...', '').replace(' ', '-');
    if ($('status-text')) {
      $('status-text').textContent = word;
      $('status-indicator').className = `status-indicator ${css}`;
    }
    if ($('ws-status-text')) {
      $('ws-status-text').textContent = `WebSocket: ${word}`;
      $('ws-status').className = `badge ${state.connected ? 'badge-on' : 'badge-off'}`;
      const ib = state.connected && state.ibConnected;
      $('ib-status-text').textContent = ib ? 'IB: Connected' : 'IB: Not Connected';
      $('ib-status').className = `badge ${ib ? 'badge-on' : 'badge-off'}`;
    }
  }

  // ---- WebSocket client --------------------------------------------------------------------------
  const wsUrl = config.wsUrl ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const wsClient = {
    socket: null,
    get isConnected() {
      return state.connected;
    },
    connect() {
      state.connecting = true;
      renderStatus();
      const socket = new WebSocket(wsUrl);
      this.socket = socket;
      socket.onopen = () => {
        state.connected = true;
        state.connecting = false;
        state.everConnected = true;
        state.reconnectAttempts = 0;
        renderStatus();
        log('info', 'Connected to the MarketBridge bridge');
        resubscribe();
      };
      socket.onmessage = (event) => {
        try {
          handleMessage(JSON.parse(event.data));
        } catch (error) {
          log('error', `Bad message from the bridge: ${error.message}`);
        }
      };
      socket.onclose = () => {
        const wasConnected = state.connected;
        state.connected = false;
        state.connecting = false;
        state.ibConnected = false;
        if (wasConnected) log('error', 'Connection to the bridge lost; reconnecting');
        else if (state.reconnectAttempts === 0)
          log('error', `Cannot connect to the bridge at ${wsUrl}; retrying`);
        state.reconnectAttempts += 1;
        renderStatus();
        setTimeout(() => wsClient.connect(), config.reconnectDelayMs);
      };
    },
    send(type, data) {
      if (!state.connected) return false;
      this.socket.send(JSON.stringify({ type, data }));
      return true;
    },
  };

  // ---- messages from the bridge -------------------------------------------------------------------
  function handleMessage({ type, data }) {
    if (type === 'connection_status') {
      state.ibConnected = data.status === 'connected';
      state.nextOrderId = Math.max(state.nextOrderId, Number(data.next_order_id) || 1);
      renderStatus();
      log('info', `Bridge status: ${data.status}`);
    } else if (type === 'market_data') {
      const quote = quoteOf(data.symbol);
      quote[data.tick_type] = data.data_type === 'price' ? data.price : data.size;
      if (data.tick_type === 'last' && quote.open === undefined) quote.open = data.price;
      quote.time = data.timestamp;
      renderRow(data.symbol);
    } else if (type === 'time_and_sales') {
      const quote = quoteOf(data.symbol);
      quote.last = data.price;
      if (quote.open === undefined) quote.open = data.price;
      quote.time = data.timestamp;
      renderRow(data.symbol);
    } else if (type === 'bid_ask_tick') {
      Object.assign(quoteOf(data.symbol), {
        bid: data.bid,
        ask: data.ask,
        bid_size: data.bid_size,
        ask_size: data.ask_size,
        time: data.timestamp,
      });
      renderRow(data.symbol);
    } else if (type === 'order_status') {
      updateOrder(data);
    } else if (type === 'error') {
      log('error', `Bridge: ${data.message}`);
      if (data.order_id !== undefined) updateOrder({ order_id: data.order_id, status: 'Rejected' });
    } else {
      log('warn', `Unknown message type: ${type}`);
    }
  }

  // ---- market data grid ---------------------------------------------------------------------------
  function quoteOf(symbol) {
    if (!state.quotes.has(symbol)) state.quotes.set(symbol, {});
    return state.quotes.get(symbol);
  }

  const price = (n) => (typeof n === 'number' ? n.toFixed(2) : '-');
  const size = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : '-');
  const change = (q) => {
    if (typeof q.last !== 'number' || typeof q.open !== 'number') return '-';
    const d = q.last - q.open;
    return `${d > 0 ? '+' : ''}${d.toFixed(2)}`;
  };
  const time = (t) => (t ? new Date(t).toTimeString().slice(0, 8) : '-');

  function rowOf(symbol) {
    const body = $('market-data-grid').tBodies[0];
    for (const row of body.rows) if (row.dataset.symbol === symbol) return row;
    const row = body.insertRow();
    row.dataset.symbol = symbol;
    for (let i = 0; i < 9; i++) row.insertCell().textContent = '-';
    row.cells[0].textContent = symbol;
    return row;
  }

  function renderRow(symbol) {
    if (![...state.subscriptions.values()].some((s) => s.symbol === symbol)) return;
    const q = quoteOf(symbol);
    const cells = [symbol, price(q.last), price(q.bid), price(q.ask), size(q.bid_size), size(q.ask_size)];
    cells.push(change(q), size(q.volume), time(q.time));
    const row = rowOf(symbol);
    cells.forEach((text, i) => {
      row.cells[i].textContent = text;
    });
  }

  // ---- subscriptions -----------------------------------------------------------------------------
  const commandFor = {
    market_data: 'subscribe_market_data',
    time_and_sales: 'subscribe_time_and_sales',
    bid_ask: 'subscribe_bid_ask',
  };
  const defaultExchange = { forex: 'IDEALPRO', crypto: 'PAXOS' };

  function subscriptionRequest(symbol, instrumentType) {
    const request = {
      symbol,
      instrument_type: instrumentType,
      exchange: defaultExchange[instrumentType] ?? 'SMART',
      currency: 'USD',
    };
    if (instrumentType !== 'future' || !$('futures-details')) return request;
    request.exchange = $('exchange').value;
    if ($('contract-month').value) request.contract_month = $('contract-month').value;
    const lastTradeDate = $('last-trade-date').value.trim();
    if (lastTradeDate && !/^\d{8}$/.test(lastTradeDate))
      throw new Error(`Last trade date must be YYYYMMDD, got "${lastTradeDate}"`);
    if (lastTradeDate) request.last_trade_date = lastTradeDate;
    return request;
  }

  function subscribe(event) {
    event.preventDefault();
    const symbol = $('symbol').value.trim().toUpperCase();
    const instrumentType = $('instrument-type').value;
    const dataType = $('data-type').value;
    if (!symbol) return log('error', 'Enter a symbol to subscribe');
    if (!state.connected) return log('error', `Cannot subscribe to ${symbol}: not connected to the bridge`);
    const key = `${symbol}_${instrumentType}_${dataType}`;
    if (state.subscriptions.has(key)) return log('error', `Already subscribed to ${key}`);
    let request;
    try {
      request = subscriptionRequest(symbol, instrumentType);
    } catch (error) {
      return log('error', error.message);
    }
    const subscription = { key, symbol, instrumentType, dataType, command: commandFor[dataType], request };
    wsClient.send(subscription.command, request);
    state.subscriptions.set(key, subscription);
    $('subscriptions-list').append(subscriptionItem(subscription));
    rowOf(symbol);
    $('symbol').value = '';
    log('info', `Subscribed to ${symbol} (${instrumentType}, ${dataType})`);
  }

  function subscriptionItem({ key, symbol, instrumentType, dataType }) {
    const item = document.createElement('div');
    item.className = 'subscription-item';
    item.dataset.key = key;
    const label = document.createElement('label');
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    checkbox.value = key;
    const name = document.createElement('span');
    name.className = 'subscription-symbol';
    name.textContent = symbol;
    const details = document.createElement('span');
    details.className = 'subscription-details';
    details.textContent = `${instrumentType} · ${dataType}`;
    label.append(checkbox, ' ', name, ' ', details);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'btn-unsubscribe';
    button.title = `Unsubscribe ${key}`;
    button.textContent = '×';
    button.addEventListener('click', () => unsubscribe(key));
    item.append(label, button);
    return item;
  }

  function unsubscribe(key) {
    const subscription = state.subscriptions.get(key);
    if (!subscription) return;
    state.subscriptions.delete(key);
    for (const item of $('subscriptions-list').querySelectorAll('.subscription-item'))
      if (item.dataset.key === key) item.remove();
    const symbol = subscription.symbol;
    if (![...state.subscriptions.values()].some((s) => s.symbol === symbol)) {
      wsClient.send('unsubscribe_market_data', { symbol });
      state.quotes.delete(symbol);
      rowOf(symbol).remove();
    }
    log('info', `Unsubscribed from ${key}`);
  }

  function resubscribe() {
    for (const { command, request } of state.subscriptions.values()) wsClient.send(command, request);
  }

  // ---- orders ------------------------------------------------------------------------------------
  function placeOrder(event) {
    event.preventDefault();
    const symbol = $('order-symbol').value.trim().toUpperCase();
    const action = $('order-action').value;
    const quantity = Number($('order-quantity').value);
    const orderType = $('order-type').value;
    const limit = Number($('order-price').value);
    if (!symbol) return log('error', 'Order rejected: enter a symbol');
    if (!Number.isInteger(quantity) || quantity <= 0) return log('error', 'Order rejected: bad quantity');
    if (orderType !== 'MKT' && !(limit > 0))
      return log('error', `Order rejected: ${orderType} needs a price`);
    if (!state.connected) return log('error', 'Order rejected: not connected to the bridge');
    const order = { order_id: state.nextOrderId++, symbol, action, quantity, order_type: orderType };
    if (orderType !== 'MKT') order.price = limit;
    wsClient.send('place_order', order);
    $('orders-list').append(orderItem(order));
    log('info', `Order ${order.order_id} sent: ${action} ${quantity} ${symbol} ${orderType}`);
  }

  function orderItem(order) {
    const item = document.createElement('div');
    item.className = 'order-item';
    item.dataset.orderId = String(order.order_id);
    const fields = {
      'order-id': `#${order.order_id}`,
      'order-action': order.action,
      'order-quantity': String(order.quantity),
      'order-symbol': order.symbol,
      'order-type': order.order_type,
      'order-price': order.price === undefined ? '-' : order.price.toFixed(2),
      'order-status': 'PendingSubmit',
    };
    for (const [className, text] of Object.entries(fields)) {
      const span = document.createElement('span');
      span.className = className;
      span.textContent = text;
      item.append(span, ' ');
    }
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'btn-cancel-order';
    cancel.textContent = 'Cancel';
    cancel.addEventListener('click', () => wsClient.send('cancel_order', { order_id: order.order_id }));
    item.append(cancel);
    return item;
  }

  function updateOrder(data) {
    const item = [...$('orders-list').children].find((el) => el.dataset.orderId === String(data.order_id));
    if (!item) return;
    item.querySelector('.order-status').textContent = data.status;
    if (data.status !== 'Submitted') item.querySelector('.btn-cancel-order')?.remove();
    log('info', `Order ${data.order_id}: ${data.status}`);
  }

  // ---- wiring ------------------------------------------------------------------------------------
  $('subscription-form').addEventListener('submit', subscribe);
  $('unsubscribe-btn').addEventListener('click', () => {
    const checked = $('subscriptions-list').querySelectorAll('input[type="checkbox"]:checked');
    for (const box of checked) unsubscribe(box.value);
  });
  $('instrument-type').addEventListener('change', () => {
    if ($('futures-details')) $('futures-details').hidden = $('instrument-type').value !== 'future';
  });
  $('order-form').addEventListener('submit', placeOrder);
  $('order-type').addEventListener('change', () => {
    $('order-price-group').hidden = $('order-type').value === 'MKT';
  });

  if (config.exposeState) {
    window.wsClient = wsClient;
    window.app = {
      getConnectionStatus: () => ({
        connected: state.connected,
        connecting: state.connecting,
        reconnectAttempts: state.reconnectAttempts,
      }),
    };
  }
  log('info', `MarketBridge demo (${config.layout} layout) starting`);
  wsClient.connect();
})();
