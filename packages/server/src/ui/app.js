// The MarketBridge sessions dashboard: plain JavaScript, no build step. Every data request carries
// the token in the Authorization header (never in a URL); live updates are text/event-stream
// responses read with fetch() and a ReadableStream, so they carry the header too.

const TOKEN_KEY = 'mb-browser-token';
const $ = (id) => document.getElementById(id);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let token = sessionStorage.getItem(TOKEN_KEY);
const sessions = new Map();
let listStream;
let view; // the open session view: { id, stream, consoleTimer, lastFrame, ... }

// ---- HTTP ---------------------------------------------------------------------------------------

function headers(json) {
  return {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(json ? { 'content-type': 'application/json' } : {}),
  };
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: headers(body !== undefined),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 401) {
    logout('The server refused the token. Paste it again, or open a new link from `mb-browser dashboard`.');
    throw new Error('unauthorized');
  }
  if (!res.ok) {
    const err = await res.json().catch(() => ({}));
    throw new Error(err.error?.message ?? `HTTP ${res.status}`);
  }
  return res;
}

function toast(message) {
  const el = $('toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    el.hidden = true;
  }, 6000);
}

/** Reads one text/event-stream response after another (reconnecting) until closed. */
function openStream(path, handlers, onState) {
  const controller = new AbortController();
  let stopped = false;
  (async () => {
    let delay = 500;
    while (!stopped) {
      try {
        const res = await fetch(path, { headers: headers(false), signal: controller.signal });
        if (res.status === 401) {
          logout('The server refused the token.');
          return;
        }
        if (!res.ok) {
          const err = await res.json().catch(() => ({}));
          handlers.error?.(err.error?.message ?? `HTTP ${res.status}`, res.status);
          if (res.status === 404) return;
          throw new Error(`HTTP ${res.status}`);
        }
        onState?.(true);
        delay = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            let event = 'message';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (data && !stopped) handlers[event]?.(JSON.parse(data));
          }
        }
      } catch {
        // aborted, or the connection dropped: reconnect below unless closed
      }
      if (stopped) return;
      onState?.(false);
      await sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
  })();
  return {
    close() {
      stopped = true;
      controller.abort();
    },
  };
}

// ---- login --------------------------------------------------------------------------------------

function logout(message) {
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  listStream?.close();
  listStream = undefined;
  closeView();
  $('login-error').textContent = message ?? '';
  show('login');
}

async function exchangeCode(code) {
  const res = await fetch('/auth/exchange', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (!res.ok)
    throw new Error('This link has expired or was already used. Run `mb-browser dashboard` again.');
  return (await res.json()).token;
}

function setToken(value) {
  token = value;
  sessionStorage.setItem(TOKEN_KEY, value);
  $('logout').hidden = false;
}

// ---- sessions list ------------------------------------------------------------------------------

function ago(iso) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

function cell(row, label, text, cls) {
  const td = row.insertCell();
  td.textContent = text;
  td.dataset.label = label;
  if (cls) td.className = cls;
  return td;
}

function badge(status) {
  const span = document.createElement('span');
  span.className = `badge ${status}`;
  span.textContent = status;
  return span;
}

function renderList() {
  const body = $('sessions').tBodies[0];
  const list = [...sessions.values()].sort((a, b) => a.name.localeCompare(b.name));
  body.replaceChildren();
  for (const s of list) {
    const row = body.insertRow();
    row.tabIndex = 0;
    row.dataset.id = s.id;
    row.dataset.name = s.name;
    cell(row, 'Name', s.name, 'name');
    cell(row, 'Status', '').append(badge(s.status));
    cell(row, 'URL', s.currentUrl, 'url');
    cell(row, 'Title', s.title || '—');
    cell(row, 'Idle', ago(s.lastActivity), 'idle');
    cell(row, 'Pages', String(s.pageCount));
    const open = () => {
      location.hash = `#/session/${encodeURIComponent(s.id)}`;
    };
    row.addEventListener('click', open);
    row.addEventListener('keydown', (e) => e.key === 'Enter' && open());
  }
  $('count').textContent = `(${list.length})`;
  $('empty').hidden = list.length > 0;
  $('sessions').hidden = list.length === 0;
  if (view) renderViewHead();
}

function startList() {
  listStream?.close();
  listStream = openStream(
    '/events',
    {
      sessions({ sessions: all }) {
        sessions.clear();
        for (const s of all) sessions.set(s.id, s);
        renderList();
      },
      session({ type, session }) {
        if (type === 'closed') sessions.delete(session.id);
        else sessions.set(session.id, session);
        renderList();
      },
      dialog({ name, entry }) {
        toast(`${name}: ${entry.type} "${entry.text}"`);
      },
    },
    (live) => {
      $('conn').textContent = live ? 'live' : 'reconnecting…';
      $('conn').className = `conn ${live ? 'on' : 'off'}`;
    },
  );
}

// ---- session view -------------------------------------------------------------------------------

function closeView() {
  if (!view) return;
  view.stream.close();
  clearInterval(view.meterTimer);
  clearInterval(view.consoleTimer);
  view = undefined;
}

function renderViewHead() {
  const s = sessions.get(view.id);
  $('view-name').textContent = s?.name ?? view.id;
  $('view-status').replaceWith(Object.assign(badge(s?.status ?? 'inactive'), { id: 'view-status' }));
}

function renderMeter() {
  const now = Date.now();
  view.arrivals = view.arrivals.filter((t) => now - t < 1000);
  const recent = view.latencies.slice(-30).sort((a, b) => a - b);
  const median = recent.length ? recent[Math.floor((recent.length - 1) / 2)] : undefined;
  const meter = $('meter');
  meter.textContent = `${view.arrivals.length} fps · latency ${median === undefined ? '–' : `${Math.round(median)} ms`} · ${view.lastFrame?.mode ?? '…'}`;
  meter.dataset.frames = String(view.frames);
  meter.dataset.fps = String(view.arrivals.length);
  if (median !== undefined) meter.dataset.latencyMs = String(Math.round(median));
}

async function refreshConsole() {
  try {
    const res = await api('GET', `/sessions/${encodeURIComponent(view.id)}/console?limit=50`);
    const { entries } = await res.json();
    const list = $('console');
    list.replaceChildren(
      ...entries.map((e) => {
        const li = document.createElement('li');
        li.className = e.type;
        li.textContent = `${e.timestamp.slice(11, 19)} ${e.type}: ${e.text}`;
        return li;
      }),
    );
    list.scrollTop = list.scrollHeight;
  } catch {
    // shown by the next successful refresh; errors here are not worth a toast every 2 s
  }
}

/** The session's pages as tabs; a click makes one active (the live picture follows it). */
async function refreshTabs() {
  const current = view;
  if (!current) return;
  try {
    const res = await api('GET', `/sessions/${encodeURIComponent(current.id)}/pages`);
    const { pages } = await res.json();
    if (view !== current) return;
    $('tabs').replaceChildren(
      ...pages.map((p) => {
        const tab = document.createElement('button');
        tab.type = 'button';
        tab.className = 'tab';
        tab.setAttribute('role', 'tab');
        tab.setAttribute('aria-selected', String(p.active));
        tab.dataset.pageId = p.id;
        tab.title = p.url;
        tab.textContent = p.title || p.url;
        tab.addEventListener('click', async () => {
          try {
            await api(
              'POST',
              `/sessions/${encodeURIComponent(current.id)}/pages/${encodeURIComponent(p.id)}/activate`,
              {},
            );
            await refreshTabs();
          } catch (error) {
            toast(error.message);
          }
        });
        return tab;
      }),
    );
  } catch {
    // the next refresh shows them
  }
}

function openView(id) {
  closeView();
  view = {
    id,
    frames: 0,
    arrivals: [],
    latencies: [],
    lastFrame: undefined,
    input: Promise.resolve(),
    text: '',
  };
  const img = $('screen');
  img.hidden = true;
  $('screen-wait').hidden = false;
  $('screen-wait').textContent = 'Waiting for the first frame…';
  $('console').replaceChildren();
  renderViewHead();
  const current = view;
  view.stream = openStream(`/sessions/${encodeURIComponent(id)}/frames`, {
    frame(frame) {
      const now = Date.now();
      current.frames++;
      current.arrivals.push(now);
      current.latencies.push(now - frame.timestamp);
      if (current.latencies.length > 300) current.latencies.splice(0, 150);
      current.lastFrame = frame;
      img.src = `data:image/jpeg;base64,${frame.jpeg}`;
      img.hidden = false;
      $('screen-wait').hidden = true;
      if (document.activeElement !== $('address')) $('address').value = frame.url;
    },
    end() {
      toast('The session was closed.');
      location.hash = '#/';
    },
    error(message) {
      $('screen-wait').textContent = message;
    },
  });
  view.meterTimer = setInterval(renderMeter, 500);
  view.consoleTimer = setInterval(() => {
    void refreshConsole();
    void refreshTabs();
  }, 2000);
  void refreshConsole();
  $('tabs').replaceChildren();
  void refreshTabs();
  show('view');
  $('screen-wrap').focus();
}

/** Input goes out one request at a time, in order; typed characters are batched into one `type`. */
function sendInput(body) {
  const target = view;
  if (!target) return;
  target.input = target.input
    .then(() => api('POST', `/sessions/${encodeURIComponent(target.id)}/input`, body))
    .catch((error) => error.message !== 'unauthorized' && toast(error.message));
}

function flushText() {
  if (!view?.text) return;
  const text = view.text;
  view.text = '';
  sendInput({ type: 'type', text });
}

function queueText(text) {
  view.text += text;
  clearTimeout(view.textTimer);
  view.textTimer = setTimeout(flushText, 40);
}

function pagePoint(event) {
  const frame = view?.lastFrame;
  if (!frame) return undefined;
  const r = $('screen').getBoundingClientRect();
  const clamp = (v, max) => Math.min(max, Math.max(0, v));
  return {
    x: clamp(((event.clientX - r.left) * frame.viewport.width) / r.width, frame.viewport.width - 1),
    y: clamp(((event.clientY - r.top) * frame.viewport.height) / r.height, frame.viewport.height - 1),
  };
}

function wireView() {
  const img = $('screen');
  const wrap = $('screen-wrap');
  wrap.tabIndex = 0; // focusable, so keys typed while it has focus go to the page
  img.addEventListener('click', (e) => {
    const p = pagePoint(e);
    if (!p) return;
    flushText();
    sendInput({ type: 'click', ...p });
  });
  img.addEventListener('contextmenu', (e) => {
    e.preventDefault();
    const p = pagePoint(e);
    if (p) sendInput({ type: 'click', ...p, button: 'right' });
  });
  let wheel;
  img.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const p = pagePoint(e);
      if (!p) return;
      const scale = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? 800 : 1;
      if (!wheel) {
        wheel = { ...p, deltaX: 0, deltaY: 0 };
        setTimeout(() => {
          sendInput({ type: 'wheel', ...wheel });
          wheel = undefined;
        }, 60);
      }
      wheel.deltaX += e.deltaX * scale;
      wheel.deltaY += e.deltaY * scale;
    },
    { passive: false },
  );
  wrap.addEventListener('keydown', (e) => {
    if (!view || e.isComposing || ['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) return;
    e.preventDefault();
    const mods = [e.ctrlKey && 'Control', e.altKey && 'Alt', e.metaKey && 'Meta'].filter(Boolean);
    if (e.key.length === 1 && mods.length === 0) {
      queueText(e.key);
      return;
    }
    flushText();
    if (e.shiftKey && e.key.length > 1) mods.push('Shift');
    sendInput({ type: 'press', key: [...mods, e.key === ' ' ? 'Space' : e.key].join('+') });
  });
  wrap.addEventListener('paste', (e) => {
    const text = e.clipboardData?.getData('text');
    if (!view || !text) return;
    e.preventDefault();
    queueText(text);
  });

  const history = (action) => async () => {
    try {
      await api('POST', `/sessions/${encodeURIComponent(view.id)}/history`, { action });
    } catch (error) {
      toast(error.message);
    }
  };
  $('nav-back').addEventListener('click', history('back'));
  $('nav-forward').addEventListener('click', history('forward'));
  $('nav-reload').addEventListener('click', history('reload'));
  $('nav').addEventListener('submit', async (e) => {
    e.preventDefault();
    let url = $('address').value.trim();
    if (!url) return;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) url = `https://${url}`;
    $('address').blur();
    try {
      await api('POST', `/sessions/${encodeURIComponent(view.id)}/navigate`, { url });
    } catch (error) {
      toast(error.message);
    }
  });
  $('devtools').addEventListener('click', async () => {
    // Opened at once (a popup blocker allows it during the click), then pointed at the one-time link.
    const tab = window.open('about:blank', '_blank');
    if (tab) tab.opener = null;
    try {
      const res = await api('POST', `/sessions/${encodeURIComponent(view.id)}/devtools`, {});
      const { url } = await res.json();
      if (tab) tab.location.href = url;
      else window.location.assign(url);
    } catch (error) {
      tab?.close();
      toast(error.message);
    }
  });
  $('shot').addEventListener('click', async () => {
    try {
      const res = await api('POST', `/sessions/${encodeURIComponent(view.id)}/screenshot`, {});
      const href = URL.createObjectURL(await res.blob());
      const a = Object.assign(document.createElement('a'), {
        href,
        download: `${sessions.get(view.id)?.name ?? 'session'}-${new Date().toISOString().replace(/[:.]/g, '-')}.png`,
      });
      a.click();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch (error) {
      toast(error.message);
    }
  });
}

// ---- routing ------------------------------------------------------------------------------------

function show(section) {
  for (const id of ['login', 'list', 'view']) $(id).hidden = id !== section;
}

function route() {
  if (token === null) return show('login');
  if (!listStream) startList();
  const match = /^#\/session\/(.+)$/.exec(location.hash);
  if (match) {
    const id = decodeURIComponent(match[1]);
    if (view?.id !== id) openView(id);
    return;
  }
  closeView();
  show('list');
  renderList();
}

async function main() {
  wireView();
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    setToken($('token-input').value.trim());
    $('token-input').value = '';
    route();
  });
  $('logout').addEventListener('click', () => logout());
  window.addEventListener('hashchange', route);
  setInterval(() => {
    if (!$('list').hidden)
      for (const td of document.querySelectorAll('#sessions td.idle')) {
        const s = sessions.get(td.parentElement.dataset.id);
        if (s) td.textContent = ago(s.lastActivity);
      }
  }, 1000);

  const code = /^#code=([\w-]+)$/.exec(location.hash)?.[1];
  if (code) {
    // The code leaves the address bar (and history) before anything else happens.
    history.replaceState(null, '', `${location.pathname}#/`);
    try {
      setToken(await exchangeCode(code));
    } catch (error) {
      $('login-error').textContent = error.message;
    }
  }
  if (token === null) {
    // A server started with --no-auth answers without a token: no login needed.
    const probe = await fetch('/sessions?active=true').catch(() => undefined);
    if (probe?.ok) setToken('');
  }
  if (token !== null) $('logout').hidden = false;
  route();
}

void main();
