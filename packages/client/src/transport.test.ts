// The transport's exchanges and failures over bare HTTP servers, both ways a request can go: node:http
// (the client's own calls) and ky with fetch (a client given its own `fetch`; the streams always). The
// same requests must give the same answers and the same errors either way.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { deadPort, errorOf, eventually } from '@marketbridge/test-helpers';
import { describe, expect, it } from 'vitest';
import { ApiError, ConnectionError, SessionNotFoundError, TimeoutError } from './errors.js';
import { startFakeServer } from './test-fixtures/fake-server.js';
import { Transport, type TransportOptions } from './transport.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const HEALTH = {
  status: 'healthy',
  version: '0',
  uptimeSeconds: 0,
  browsers: [],
  sessions: { total: 0, active: 0, crashed: 0 },
};

/** A server recording `METHOD path` and the headers and body of each request, answering with `handle`. */
async function recordingServer(handle: (req: IncomingMessage, res: ServerResponse, nth: number) => void) {
  const seen: { request: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = await startFakeServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const request = `${req.method} ${req.url}`;
      seen.push({ request, headers: req.headers, body });
      handle(req, res, seen.filter((s) => s.request === request).length);
    });
  });
  return Object.assign(server, { seen, requests: () => seen.map((s) => s.request) });
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe.each(['no fetch option', 'a custom fetch'] as const)('with %s', (way) => {
  /** `METHOD path` of every request the custom fetch was given. */
  const fetched: string[] = [];
  const custom: Partial<TransportOptions> =
    way === 'a custom fetch'
      ? {
          fetch: (input, init) => {
            const request = input instanceof Request ? input : new Request(input, init);
            fetched.push(`${request.method} ${new URL(request.url).pathname}`);
            return fetch(input, init);
          },
        }
      : {};
  const transportOf = (baseUrl: string, options: Partial<TransportOptions> = {}) =>
    new Transport({
      baseUrl,
      token: 'test-token',
      timeoutMs: 60_000,
      connectRetries: 0,
      streamIdleTimeoutMs: 60_000,
      ...custom,
      ...options,
    });
  /** What went through the custom fetch since `from`: the requests themselves, when there is one. */
  const expectFetched = (from: number, requests: string[]) =>
    expect(fetched.slice(from)).toEqual(way === 'a custom fetch' ? requests : []);

  it('sends JSON with the token and reads JSON; a binary answer is a Uint8Array of its own', async () => {
    await using server = await recordingServer((req, res) => {
      if (req.url?.endsWith('/screenshot')) {
        res.writeHead(200, { 'content-type': 'image/png', 'x-screenshot-path': '/tmp/s.png' });
        res.end(PNG);
      } else json(res, 200, { result: 'Zürich €' });
    });
    const from = fetched.length;
    const transport = transportOf(server.url);
    const body = { script: 'args[0]', args: ['ü'] };
    expect(await transport.call('execute', { params: { id: 'a b' }, body })).toEqual({ result: 'Zürich €' });
    const { bytes, headers } = await transport.callBytes('screenshot', { params: { id: 'a b' }, body: {} });
    expect(bytes.constructor).toBe(Uint8Array);
    expect(bytes.buffer.byteLength).toBe(PNG.byteLength);
    expect(Buffer.from(bytes).equals(PNG)).toBe(true);
    expect(headers.get('content-type')).toBe('image/png');
    expect(headers.get('x-screenshot-path')).toBe('/tmp/s.png');
    const [execute, screenshot] = server.seen;
    expect(execute).toMatchObject({
      request: 'POST /sessions/a%20b/execute',
      headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
    });
    expect(JSON.parse(execute?.body ?? '')).toEqual(body);
    expect(screenshot?.request).toBe('POST /sessions/a%20b/screenshot');
    expectFetched(from, ['POST /sessions/a%20b/execute', 'POST /sessions/a%20b/screenshot']);
  });

  it('a success answer that is not JSON is an ApiError invalid_response naming what came back', async () => {
    await using server = await recordingServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<h1>Welcome to nginx</h1>');
    });
    const error = await errorOf(transportOf(server.url).call('health'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 200,
      code: 'invalid_response',
      method: 'GET',
      url: `${server.url}/health`,
      serverMessage: expect.stringContaining('<h1>Welcome to nginx</h1>'),
    });
    expect((error as ApiError).cause).toBeInstanceOf(SyntaxError);
  });

  it('an error answer is an ApiError with status, code, method, URL and details, and is not retried', async () => {
    await using server = await recordingServer((req, res) => {
      if (req.url === '/health') {
        res.writeHead(503, { 'content-type': 'text/html' });
        res.end('<h1>busy</h1>');
      } else
        json(res, 404, { error: { code: 'session_not_found', message: 'no such', details: { id: 'x' } } });
    });
    const transport = transportOf(server.url, { connectRetries: 3 });
    const missing = await errorOf(transport.call('getSession', { params: { id: 'x' } }));
    expect(missing).toBeInstanceOf(SessionNotFoundError);
    expect(missing).toMatchObject({
      status: 404,
      code: 'session_not_found',
      method: 'GET',
      url: `${server.url}/sessions/x`,
      serverMessage: 'no such',
      details: { id: 'x' },
      message: `GET ${server.url}/sessions/x → 404 session_not_found: no such`,
    });
    // Not an error body: the status is the code, the text the message.
    const busy = await errorOf(transport.call('health'));
    expect(busy).toBeInstanceOf(ApiError);
    expect(busy).toMatchObject({
      status: 503,
      code: 'http_503',
      method: 'GET',
      serverMessage: '<h1>busy</h1>',
    });
    expect(server.requests()).toEqual(['GET /sessions/x', 'GET /health']);
  });

  it("no answer within the call's own timeoutMs: TimeoutError, not retried", async () => {
    await using server = await recordingServer(() => undefined);
    const transport = transportOf(server.url, { connectRetries: 3 });
    const error = await errorOf(transport.call('health', { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      status: 0,
      code: 'client_timeout',
      method: 'GET',
      url: `${server.url}/health`,
    });
    expect(error.message).toContain('no answer within 200 ms');
    expect(error.cause).toMatchObject({ name: 'TimeoutError' });
    await eventually(() => server.closed === 1, 'the request to end on the server');
    expect(server.requests()).toEqual(['GET /health']);
  });

  it('an aborted signal rejects with its reason, before the request and during it, and ends it', async () => {
    await using server = await recordingServer(() => undefined);
    const transport = transportOf(server.url);
    const early = new Error('never mind');
    expect(await errorOf(transport.call('health', { signal: AbortSignal.abort(early) }))).toBe(early);
    const controller = new AbortController();
    const late = new Error('changed my mind');
    const pending = errorOf(
      transport.call('execute', { params: { id: 'x' }, body: { script: '1' }, signal: controller.signal }),
    );
    await eventually(() => server.seen.length === 1, 'the request to arrive');
    controller.abort(late);
    expect(await pending).toBe(late);
    await eventually(() => server.closed === 1, 'the request to end on the server');
    expect(server.requests()).toEqual(['POST /sessions/x/execute']);
  });

  it('a broken connection: a GET is tried again; a POST is not, and may have run', async () => {
    // Each request's first attempt has its connection cut once the request is read; the second is answered.
    await using server = await recordingServer((req, res, nth) => {
      if (nth === 1) req.socket.destroy();
      else json(res, 200, req.method === 'GET' ? HEALTH : { result: 1 });
    });
    const transport = transportOf(server.url, { connectRetries: 1 });
    expect(await transport.call('health')).toEqual(HEALTH);
    const error = await errorOf(transport.call('execute', { params: { id: 'x' }, body: { script: '1' } }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ lost: true });
    expect(error.message).toMatch(
      /broke before an answer to POST \/sessions\/x\/execute \((UND_ERR_SOCKET|ECONNRESET)\)/,
    );
    expect(error.cause).toBeDefined();
    expect(server.requests()).toEqual(['GET /health', 'GET /health', 'POST /sessions/x/execute']);
  });

  it('nothing listening: ConnectionError naming the server and how to start it, for a POST too', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    for (const call of [
      (t: Transport) => t.call('health'),
      (t: Transport) => t.call('createSession', { body: {} }),
    ]) {
      const error = await errorOf(call(transportOf(url, { connectRetries: 1 })));
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ lost: false });
      expect(error.message).toContain(`${url} (ECONNREFUSED)`);
      expect(error.message).toContain('mb-browser start');
      expect(error.cause).toBeDefined();
    }
  });
});
