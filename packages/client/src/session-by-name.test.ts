import { createServer as createHttpServer, request } from 'node:http';
import { createServer } from '@marketbridge/server';
import { errorOf, listenOnLoopback } from '@marketbridge/test-helpers';
import { useServer } from '@marketbridge/test-helpers/vitest';
import { describe, expect, it } from 'vitest';
import { BrowserClient } from './browser-client.js';
import { MarketBridgeError, SessionNotFoundError } from './errors.js';

const fx = useServer(createServer);

/** A reverse proxy in front of the server that records every request it passes on: what the server received. */
async function recordingProxy(target: string) {
  const seen: string[] = [];
  const proxy = createHttpServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const { url, close } = await listenOnLoopback(proxy);
  return { url, seen, close };
}

describe('client.session(name): a handle by name, without a lookup', () => {
  it('its first action is the first request the server receives: one round trip', async () => {
    const setup = new BrowserClient(fx.url, { home: fx.home.dir });
    await setup.createSession('by-name', { url: fx.site.at('/form') });
    const proxy = await recordingProxy(fx.url);
    try {
      const client = new BrowserClient(proxy.url, { home: fx.home.dir });
      const session = await client.session('by-name');
      expect(proxy.seen).toEqual([]);
      expect(await session.executeJs('document.title')).toEqual(expect.any(String));
      expect(proxy.seen).toEqual(['POST /sessions/by-name/execute']);
      // What it does not know yet it says, rather than inventing it; refresh() asks.
      expect(session.name).toBe('by-name');
      expect(() => session.id).toThrow(MarketBridgeError);
      const info = await session.refresh();
      expect(session.id).toBe(info.id);
      expect(info.name).toBe('by-name');
      expect(proxy.seen).toEqual(['POST /sessions/by-name/execute', 'GET /sessions/by-name']);
    } finally {
      await proxy.close();
      await setup.deleteSession('by-name');
    }
  });

  it('a name with no session: SessionNotFoundError on the first action', async () => {
    const client = new BrowserClient(fx.url, { home: fx.home.dir });
    const session = await client.session('no-such-session');
    const error = await errorOf(session.executeJs('1'));
    expect(error).toBeInstanceOf(SessionNotFoundError);
    expect((error as SessionNotFoundError).status).toBe(404);
  });
});
