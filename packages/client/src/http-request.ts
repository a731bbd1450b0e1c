/**
 * One request over `node:http`, its answer read whole. This module exists for start-up time: Node's
 * fetch, and ky (which makes a `Request` when it is imported), load Node's bundled undici on first use,
 * about 50 ms of CPU in a new process — more than a script's whole first round trip to a local server —
 * while `node:http` costs about 7. The client's ordinary calls go through here; fetch (through ky) is
 * kept for the event streams, a custom `fetch`, and where there is no `node:http`.
 */
import type { Agent, IncomingHttpHeaders } from 'node:http';

type Http = typeof import('node:http');

export interface HttpExchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Bound on the wait for the answer's status and headers (as ky's `timeout`; the body is not bounded). */
  timeoutMs: number;
  /** Aborting it rejects with its reason, as fetch does. */
  signal?: AbortSignal;
}

/** An answer read whole, as fetch would give it. */
export interface HttpAnswer {
  status: number;
  statusText: string;
  body: Uint8Array;
  /** Made on first read only: a `Headers` loads undici. */
  readonly headers: Headers;
}

/** No answer within the bound: named like ky's and fetch's, `TimeoutError`. */
export class RequestTimeoutError extends Error {
  override name = 'TimeoutError';
}

export type HttpSend = (exchange: HttpExchange) => Promise<HttpAnswer>;

let loaded: Promise<Http | undefined> | undefined;

/**
 * A sender with keep-alive connections of its own (one per client; idle ones do not keep the process
 * alive), or undefined where `node:http` cannot be loaded (a browser, a worker without Node).
 */
export async function createHttpSend(): Promise<HttpSend | undefined> {
  loaded ??=
    typeof process !== 'undefined' && process.versions?.node
      ? import('node:http').catch(() => undefined)
      : Promise.resolve(undefined);
  const http = await loaded;
  if (!http) return undefined;
  const agent = new http.Agent({ keepAlive: true });
  return (exchange) => send(http, agent, exchange);
}

function send(http: Http, agent: Agent, exchange: HttpExchange): Promise<HttpAnswer> {
  const { method, url, signal } = exchange;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const body = exchange.body === undefined ? undefined : Buffer.from(exchange.body);
    const request = http.request({
      agent,
      method,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), // an IPv6 address without its brackets
      port: url.port || 80,
      path: `${url.pathname}${url.search}`,
      headers: body ? { ...exchange.headers, 'content-length': String(body.byteLength) } : exchange.headers,
    });
    let settled = false;
    const onAbort = () => fail(signal?.reason);
    const timer = setTimeout(
      () => fail(new RequestTimeoutError(`Request timed out: ${method} ${url.href}`)),
      exchange.timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    function fail(error: unknown): void {
      if (settled) return;
      settle();
      request.destroy();
      reject(error);
    }
    request.on('error', fail);
    request.on('response', (response) => {
      clearTimeout(timer);
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('close', () => {
        if (!response.complete) fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      });
      response.on('end', () => {
        if (settled) return;
        settle();
        resolve(answerOf(response.statusCode ?? 0, response.statusMessage ?? '', chunks, response.headers));
      });
    });
    request.end(body);
  });
}

function answerOf(
  status: number,
  statusText: string,
  chunks: Buffer[],
  raw: IncomingHttpHeaders,
): HttpAnswer {
  // Bytes of their own (not a view into Node's shared pool), as `new Uint8Array(arrayBuffer)` gives.
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  let headers: Headers | undefined;
  return {
    status,
    statusText,
    body,
    get headers() {
      if (!headers) {
        headers = new Headers();
        for (const [name, value] of Object.entries(raw)) {
          for (const v of [value ?? []].flat()) headers.append(name, v);
        }
      }
      return headers;
    },
  };
}
