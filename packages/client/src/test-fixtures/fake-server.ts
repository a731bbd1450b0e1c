import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '@marketbridge/test-helpers';

export interface FakeServer {
  readonly url: string;
  /** Responses whose connection has closed (the client hung up, or the handler ended them). */
  readonly closed: number;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A bare HTTP server on port 0 answering every request with `handle`: for what a real server never does. */
export async function startFakeServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<FakeServer> {
  let closed = 0;
  const server = createServer((req, res) => {
    res.on('close', () => closed++);
    handle(req, res);
  });
  const { url, close } = await listenOnLoopback(server);
  return {
    url,
    get closed() {
      return closed;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Starts a text/event-stream answer, as the real server does. */
export function openSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
  res.write(': stream open\n\n');
}

/** A `session` event as GET /events sends it, for a session of that name. */
export function sessionEvent(name: string): string {
  const data = { type: 'updated', session: { id: 'id-1', name }, at: new Date().toISOString() };
  return `event: session\ndata: ${JSON.stringify(data)}\n\n`;
}
