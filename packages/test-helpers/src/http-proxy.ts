import { createServer, request, type Server } from 'node:http';
import { listenOnLoopback } from './http.js';

export interface CountingProxy {
  /** `http://127.0.0.1:<port>`: what a browser's `proxy.server` names. */
  readonly url: string;
  /** Requests forwarded so far (asked with the right credentials, when credentials are required). */
  readonly forwarded: number;
  /** Requests refused with 407 (no or wrong Proxy-Authorization). */
  readonly refused: number;
  /** The URLs forwarded, in order. */
  readonly urls: readonly string[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A small forward HTTP proxy on 127.0.0.1 port 0 for plain-http URLs (no CONNECT): it forwards each
 * request to the URL it names and counts it. With `credentials`, a request without the matching
 * `Proxy-Authorization: Basic` gets 407 and a `Proxy-Authenticate` challenge, as a real proxy answers.
 */
export async function startCountingProxy(credentials?: {
  username: string;
  password: string;
}): Promise<CountingProxy> {
  const expected = credentials
    ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
    : undefined;
  const urls: string[] = [];
  let refused = 0;
  const server: Server = createServer((req, res) => {
    if (expected && req.headers['proxy-authorization'] !== expected) {
      refused++;
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test proxy"', 'content-type': 'text/plain' });
      res.end('proxy credentials required');
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('not a proxy request');
      return;
    }
    urls.push(target.href);
    const { 'proxy-authorization': _auth, 'proxy-connection': _conn, ...headers } = req.headers;
    const upstream = request(
      {
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || 80,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  const { url, close } = await listenOnLoopback(server);
  return {
    url,
    get forwarded() {
      return urls.length;
    },
    get refused() {
      return refused;
    },
    urls,
    close,
    [Symbol.asyncDispose]: close,
  };
}
