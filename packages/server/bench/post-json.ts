import { type Agent, request } from 'node:http';

export type Post = (path: string, body: unknown) => Promise<Buffer>;

/** A node:http client on `agent` (keep-alive) posting JSON with the token; rejects on a non-2xx answer. */
export function poster(agent: Agent, baseUrl: string, token: string): Post {
  const { hostname, port } = new URL(baseUrl);
  return (path, body) =>
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
      req.on('error', reject);
      req.end(payload);
    });
}
