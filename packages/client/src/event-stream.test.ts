// How a live stream opens, breaks and closes, over real HTTP: a real server shut down under it, and bare
// servers for what a real one never does (a cut connection, a split UTF-8 character, a wrong answer).
import { createServer } from '@marketbridge/server';
import { createTempHome, deadPort, errorOf, eventually, startTestSite } from '@marketbridge/test-helpers';
import { describe, expect, it } from 'vitest';
import { BrowserClient } from './browser-client.js';
import { ConnectionError, MarketBridgeError } from './errors.js';
import { openSse, sessionEvent, startFakeServer } from './test-fixtures/fake-server.js';
import { firstWhere } from './test-fixtures/streams.js';

const clientOf = (url: string) => new BrowserClient(url, { token: 'fake-token', connectRetries: 0 });

/** A server that opens the stream, sends `name`'s event, then keeps the connection open. */
const holding = (name: string) =>
  startFakeServer((_req, res) => {
    openSse(res);
    res.write(sessionEvent(name));
  });

describe('reading', () => {
  it('decodes a UTF-8 character split between two network writes', async () => {
    const bytes = Buffer.from(sessionEvent('Zürich €'));
    const split = bytes.indexOf(Buffer.from('ü')) + 1;
    await using fake = await startFakeServer((_req, res) => {
      openSse(res);
      res.write(bytes.subarray(0, split));
      setTimeout(() => res.write(bytes.subarray(split)), 50);
    });
    await using events = await clientOf(fake.url).events();
    expect(await firstWhere(events, () => true, 'the event')).toMatchObject({
      session: { name: 'Zürich €' },
    });
  });

  it("yields a page's dialog as a `dialog` event beside the session changes", async () => {
    const entry = {
      kind: 'dialog',
      type: 'confirm',
      text: 'Sure? → dismissed',
      url: 'http://x/',
      timestamp: new Date(0).toISOString(),
    };
    await using fake = await startFakeServer((_req, res) => {
      openSse(res);
      res.write(`event: dialog\ndata: ${JSON.stringify({ sessionId: 's-1', name: 'trading', entry })}\n\n`);
      res.write(sessionEvent('trading'));
    });
    await using events = await clientOf(fake.url).events();
    expect((await events.next()).value).toEqual({ type: 'dialog', sessionId: 's-1', name: 'trading', entry });
    expect((await events.next()).value).toMatchObject({ session: { name: 'trading' } });
  });

  it('event data that is not JSON: MarketBridgeError naming the event', async () => {
    await using fake = await startFakeServer((_req, res) => {
      openSse(res);
      res.write('event: session\ndata: {not json\n\n');
    });
    await using events = await clientOf(fake.url).events();
    const error = await errorOf(events.next());
    expect(error).toBeInstanceOf(MarketBridgeError);
    expect(error.message).toContain('"session" event whose data is not JSON');
  });
});

describe('a connection that goes silent', () => {
  const quickClient = (url: string) =>
    new BrowserClient(url, { token: 'fake-token', connectRetries: 0, streamIdleTimeoutMs: 300 });

  it('fails with ConnectionError once nothing arrives for the idle bound', async () => {
    await using fake = await holding('then silence');
    await using events = await quickClient(fake.url).events();
    expect(await events.next()).toMatchObject({ value: { session: { name: 'then silence' } } });
    const started = Date.now();
    const error = await errorOf(events.next());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain('nothing received for 300 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('stays open while keep-alives arrive, and delivers the event after them', async () => {
    // The event comes after more than the idle bound: only the pings keep the stream open that long.
    // A ping every 100 ms against a 3 s bound leaves a busy machine room to stall without a false alarm.
    await using fake = await startFakeServer((_req, res) => {
      openSse(res);
      const ping = setInterval(() => res.write(': ping\n\n'), 100);
      setTimeout(() => {
        clearInterval(ping);
        res.write(sessionEvent('after the pings'));
      }, 4_500);
      res.on('close', () => clearInterval(ping));
    });
    const client = new BrowserClient(fake.url, {
      token: 'fake-token',
      connectRetries: 0,
      streamIdleTimeoutMs: 3_000,
    });
    await using events = await client.events();
    expect(await events.next()).toMatchObject({ value: { session: { name: 'after the pings' } } });
  });
});

describe('when the server goes away', () => {
  it('a real server shutting down: ConnectionError from events() and frames() alike', async () => {
    using home = createTempHome();
    await using site = await startTestSite();
    const server = await createServer({ home: home.dir, port: 0, consoleLogLevel: false });
    try {
      const client = new BrowserClient(server.url, { token: server.token });
      const session = await client.createSession('doomed', { url: site.at('/') });
      const events = await client.events();
      const frames = await session.frames();
      await firstWhere(events, () => true, 'the snapshot');
      await firstWhere(frames, () => true, 'a frame');
      const waiting = [errorOf(events.next()), errorOf(frames.next())];
      await server.close();
      for (const error of await Promise.all(waiting)) {
        expect(error).toBeInstanceOf(ConnectionError);
        expect(error.message).toContain(server.url);
        expect(error.message).toContain('the server ended the stream');
      }
    } finally {
      await server.close();
    }
  });

  it('a connection cut mid-stream: ConnectionError after the events that did arrive', async () => {
    await using fake = await startFakeServer((_req, res) => {
      openSse(res);
      res.write(sessionEvent('before the cut'), () => setTimeout(() => res.socket?.destroy(), 50));
    });
    const events = await clientOf(fake.url).events();
    expect(await events.next()).toMatchObject({ value: { session: { name: 'before the cut' } } });
    const error = await errorOf(events.next());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain('stream broken');
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('nothing listening: ConnectionError saying how to start the server', async () => {
    const error = await errorOf(clientOf(`http://127.0.0.1:${await deadPort()}`).events());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain('mb-browser start');
  });

  it('an answer that is not an event stream: MarketBridgeError saying what came back', async () => {
    await using fake = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"sessions":[]}');
    });
    const error = await errorOf(clientOf(fake.url).events());
    expect(error).toBeInstanceOf(MarketBridgeError);
    expect(error.message).toContain('answered application/json, not text/event-stream');
  });
});

describe('closing', () => {
  it('close() while next() waits: that next() is done, and the request ends on the server', async () => {
    await using fake = await holding('a');
    const events = await clientOf(fake.url).events();
    await events.next();
    const waiting = events.next();
    await events.close();
    expect(await waiting).toEqual({ done: true, value: undefined });
    await eventually(() => fake.closed === 1, 'the request to end');
  });

  it('aborting the signal ends the iteration quietly; an already aborted signal rejects with its reason', async () => {
    await using fake = await holding('a');
    const controller = new AbortController();
    const seen: string[] = [];
    setTimeout(() => controller.abort(), 200);
    for await (const event of await clientOf(fake.url).events({ signal: controller.signal })) {
      if ('session' in event) seen.push(event.session.name);
    }
    expect(seen).toEqual(['a']);
    await eventually(() => fake.closed === 1, 'the request to end');

    const reason = new Error('changed my mind');
    expect(await errorOf(clientOf(fake.url).events({ signal: AbortSignal.abort(reason) }))).toBe(reason);
  });

  it('leaving a for-await loop, or an `await using` block, ends the request', async () => {
    await using fake = await holding('a');
    for await (const event of await clientOf(fake.url).events()) {
      expect(event).toMatchObject({ session: { name: 'a' } });
      break;
    }
    await eventually(() => fake.closed === 1, 'the request to end after break');
    {
      await using events = await clientOf(fake.url).events();
      await events.next();
    }
    await eventually(() => fake.closed === 2, 'the request to end after the block');
  });

  it("closing the client ends every stream opened through it, and no other client's", async () => {
    await using fake = await holding('a');
    const client = clientOf(fake.url);
    const other = await clientOf(fake.url).events();
    const streams = [await client.events(), await client.events()];
    const waiting = streams.map((s) => firstWhere(s, () => false, 'nothing', 60_000).catch((e: Error) => e));
    await client.close();
    for (const result of await Promise.all(waiting)) {
      expect((result as Error).message).toContain('The stream ended');
    }
    await eventually(() => fake.closed === 2, 'both requests to end');
    expect(await other.next()).toMatchObject({ value: { session: { name: 'a' } } });
    await other.close();
  });
});
