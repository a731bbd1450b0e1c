import { Agent, request } from 'node:http';

/**
 * A keep-alive agent that drops a connection idle for 4 s, before the server's 5 s keep-alive timeout:
 * node:http's Agent ignores the server's `Keep-Alive: timeout=5` hint, so a connection reused at about
 * 5 s idle can meet the server closing it ("socket hang up"). fetch (the SDK) honours the hint.
 */
export function keepAliveAgent(maxSockets = Number.POSITIVE_INFINITY): Agent {
  return new Agent({ keepAlive: true, maxSockets, timeout: 4_000 });
}

export type Post = (path: string, body: unknown) => Promise<Buffer>;

/**
 * A node:http client on `agent` (keep-alive) posting JSON with the token; rejects on a non-2xx answer.
 * A request that meets a kept connection being closed by the server (ECONNRESET on a reused socket: on a
 * loaded machine the client's 4 s idle timer can fire after the server's 5 s one) is sent once more on a
 * new connection, as Node's documentation advises: the server closed it before reading the request.
 */
export function poster(agent: Agent, baseUrl: string, token: string): Post {
  const { hostname, port } = new URL(baseUrl);
  const post = (path: string, body: unknown, retried: boolean): Promise<Buffer> =>
    new Promise<Buffer>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = request(
        {
          agent,
          host: hostname,
          port,
          method: 'POST',
          path,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(Buffer.concat(chunks));
            else reject(new Error(`${path}: ${status} ${Buffer.concat(chunks).toString()}`));
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (!retried && req.reusedSocket && error.code === 'ECONNRESET')
          post(path, body, true).then(resolve, reject);
        else reject(error);
      });
      req.end(payload);
    });
  return (path, body) => post(path, body, false);
}

/**
 * Clients of sessions `s0`, `s1`, … of the server at `baseUrl`: one keep-alive connection per session,
 * as one client per session would have.
 */
export function sessionClients(baseUrl: string, token: string) {
  const agents: Agent[] = [];
  const posts: Post[] = [];
  let open = 0;
  const post = (i: number): Post => {
    if (!posts[i]) {
      agents[i] = keepAliveAgent(1);
      posts[i] = poster(agents[i], baseUrl, token);
    }
    return posts[i];
  };
  return {
    post,
    /** Opens sessions up to `n` (keeping those already open) on `url`. */
    async grow(n: number, url: string): Promise<void> {
      for (; open < n; open++) await post(open)('/sessions', { name: `s${open}`, url });
    },
    execute: (i: number) => post(i)(`/sessions/s${i}/execute`, { script: 'document.title' }),
    destroy(): void {
      for (const a of agents) a?.destroy();
    },
  };
}
