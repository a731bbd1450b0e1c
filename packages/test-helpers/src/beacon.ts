import { createServer } from 'node:http';
import { listenOnLoopback } from './http.js';

export interface Beacon {
  /** A URL for a page to fetch; `reached(name)` resolves once it has. */
  url(name: string): string;
  /** Resolves when a page has fetched `url(name)` (asked before or after the fetch). */
  reached(name: string): Promise<void>;
  /** A page script that calls `url(name)` and goes on (an expression, for `execute`). */
  ping(name: string): string;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A loopback HTTP server that pages call from inside a running script, so a test knows the script has
 * started in the page (for example, before it kills the browser "during a request").
 */
export async function startBeacon(): Promise<Beacon> {
  const hits = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  const entry = (name: string) => {
    let e = hits.get(name);
    if (!e) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      e = { promise, resolve };
      hits.set(name, e);
    }
    return e;
  };
  const server = createServer((req, res) => {
    entry(decodeURIComponent((req.url ?? '/').slice(1))).resolve();
    res.writeHead(204, { 'access-control-allow-origin': '*' }).end();
  });
  const { url: base, close } = await listenOnLoopback(server);
  const url = (name: string) => `${base}/${encodeURIComponent(name)}`;
  return {
    url,
    reached: (name) => entry(name).promise,
    ping: (name) => `fetch(${JSON.stringify(url(name))}).catch(() => {})`,
    close,
    [Symbol.asyncDispose]: close,
  };
}
