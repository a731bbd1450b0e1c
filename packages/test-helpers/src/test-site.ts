import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from './http.js';

const pages: Record<string, string> = {
  '/': '<!doctype html><title>Home</title><h1>Test site</h1><a id="to-form" href="/form">form</a>',
  '/form': `<!doctype html><title>Form</title>
<input id="name" /><select id="color"><option value="red">Red</option><option value="blue">Blue</option></select>
<input id="agree" type="checkbox" /><button id="go" onclick="document.getElementById('out').textContent =
  'clicked:' + document.getElementById('name').value + ':' + document.getElementById('color').value +
  ':' + document.getElementById('agree').checked">Go</button><div id="out"></div>
<button id="later" onclick="setTimeout(() => { const d = document.createElement('div'); d.id = 'late';
  d.textContent = 'Arrived late'; document.body.append(d); }, 300)">Later</button>
<input id="keys" onkeydown="document.getElementById('out').textContent = 'key:' + event.key" />`,
  '/state': `<!doctype html><title>State</title><script>
document.cookie = 'visited=yes; path=/; max-age=86400';
localStorage.setItem('token', 'abc123');
</script><h1>state set</h1>`,
  '/console': `<!doctype html><title>Console</title><script>
console.log('hello from the page'); console.warn('careful');
setTimeout(() => { throw new Error('boom in page'); }, 0);
</script>`,
  '/leave': `<!doctype html><title>Leave</title><input id="draft" /><script>
addEventListener('beforeunload', (e) => { e.preventDefault(); e.returnValue = ''; });
</script>`,
  '/popup': `<!doctype html><title>Popup opener</title><a id="open" href="/" target="_blank">open</a>`,
  '/downloads': `<!doctype html><title>Downloads</title><a id="csv" href="/download?name=report.csv">csv</a>
<a id="sneaky" href="/download?name=..%2F..%2Fescape.txt&body=sneaky">sneaky</a>`,
};

export interface TestSite {
  readonly url: string;
  /** `url` + path. */
  at(path: string): string;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 port 0 with the pages browser tests need: a form, a page that sets
 * a cookie and localStorage, a console logger, a popup opener. `/set-cookie?name=value` sets a cookie
 * with an HTTP header; `/slow?ms=N` answers after N ms; `/download?name=&body=` is an attachment;
 * `/headers` shows the request's headers as JSON in `#headers`.
 */
export async function startTestSite(): Promise<TestSite> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/set-cookie') {
      const [name, value] = [...url.searchParams.entries()][0] ?? ['c', '1'];
      res.writeHead(200, {
        'content-type': 'text/html',
        'set-cookie': `${name}=${value}; Path=/; Max-Age=86400`,
      });
      res.end('<!doctype html><title>Cookie set</title>ok');
      return;
    }
    if (url.pathname === '/headers') {
      // What this request carried, as the page's text: a test reads the headers the browser sent.
      const seen = JSON.stringify(req.headers).replace(/</g, '\\u003c');
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>Headers</title><pre id="headers">${seen}</pre>`);
      return;
    }
    if (url.pathname === '/download') {
      // A file the browser saves instead of showing; `name` may be path-like, as hostile sites send.
      const name = url.searchParams.get('name') ?? 'report.csv';
      res.writeHead(200, {
        'content-type': 'text/csv',
        'content-disposition': `attachment; filename="${name.replace(/"/g, '')}"`,
      });
      res.end(url.searchParams.get('body') ?? 'symbol,price\nAAPL,209.43\n');
      return;
    }
    if (url.pathname === '/slow') {
      const ms = Number(url.searchParams.get('ms') ?? 1000);
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>Slow</title>slow');
      }, ms).unref();
      return;
    }
    const body = pages[url.pathname];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html' });
    res.end(body ?? '<!doctype html><title>Not found</title>not found');
  });
  const { url, close } = await listenOnLoopback(server);
  return { url, at: (path) => `${url}${path}`, close, [Symbol.asyncDispose]: close };
}

/**
 * A port on 127.0.0.1 with nothing listening (bound, then released), for a "nothing there" error or
 * for a daemon to listen on next. Taken below the kernel's ephemeral range when there is room: a port
 * from that range (what port 0 gives) is soon reused by another test's outgoing connection or port-0
 * listener, and a daemon started on it then fails with "port in use" (seen on a busy machine).
 */
export async function deadPort(): Promise<number> {
  const [low] = ephemeralRange();
  if (low - EPHEMERAL_MARGIN > FIRST_CHOSEN_PORT) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port =
        FIRST_CHOSEN_PORT + Math.floor(Math.random() * (low - EPHEMERAL_MARGIN - FIRST_CHOSEN_PORT));
      const server = createServer();
      const bound = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (bound) {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        return port;
      }
    }
  }
  const { port, close } = await listenOnLoopback(createServer());
  await close();
  return port;
}

/** Ports below 10000 are where well-known services live on a developer's machine. */
const FIRST_CHOSEN_PORT = 10_000;
const EPHEMERAL_MARGIN = 100;

/** The kernel's ephemeral port range (Linux); elsewhere IANA's, which most systems use. */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (Number.isInteger(low) && Number.isInteger(high)) return [low as number, high as number];
  } catch {}
  return [49_152, 65_535];
}
