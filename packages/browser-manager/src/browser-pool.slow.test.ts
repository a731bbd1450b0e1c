// A remote browser server (launchServer in another process) SIGKILLed and brought back at the same
// endpoint: the pool fails fast meanwhile, retries with bounded backoff, and reconnects by itself.
import { deadPort, errorOf, eventually } from '@marketbridge/test-helpers';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BrowserPool, type PoolHooks } from './browser-pool.js';
import { isAlive } from './processes.js';
import {
  countConnections,
  holdConnections,
  type RemoteBrowserServer,
  startBrowserServer,
} from './test-fixtures/remote-browser-server.js';

const WS_PATH = '/mb-reconnect';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let port: number;
let server: RemoteBrowserServer | undefined;
let pool: BrowserPool;
let warnings: string[];
let disconnected: string[];
let reconnected: string[];

function makePool(reconnect: PoolHooks['reconnect']): BrowserPool {
  return new BrowserPool(
    { instanceId: 'pool-test', timeoutMs: 5_000, browserEndpoint: `ws://127.0.0.1:${port}${WS_PATH}` },
    (key) => disconnected.push(key),
    { onReconnected: (key) => reconnected.push(key), onWarning: (m) => warnings.push(m), reconnect },
  );
}

/** A pool connected to the browser server, then the server SIGKILLed and the disconnect seen. */
async function poolInOutage(reconnect: PoolHooks['reconnect']): Promise<void> {
  pool = makePool(reconnect);
  await pool.get('chromium', true);
  await server!.kill('SIGKILL');
  server = undefined;
  await eventually(() => disconnected.length === 1, 'the pool to see the disconnect', 5_000);
}

beforeEach(async () => {
  port = await deadPort();
  server = await startBrowserServer(port, WS_PATH);
  [warnings, disconnected, reconnected] = [[], [], []];
});

afterEach(async () => {
  await pool?.closeAll(5_000);
  await server?.kill('SIGTERM');
});

it('SIGKILL of the browser server: fails fast, retries with backoff, reconnects when it is back', async () => {
  pool = makePool({ firstDelayMs: 100, maxDelayMs: 800 });
  const first = await pool.get('chromium', true);
  const remoteBrowsers = server!.browserPids();
  expect(remoteBrowsers.length).toBe(1);

  await server!.kill('SIGKILL');
  await eventually(() => disconnected.length === 1, 'the pool to see the disconnect', 5_000);
  expect(disconnected).toEqual(['chromium:headless']);
  // The server's Chromium went down with it: nothing left running on the "remote machine".
  await eventually(() => remoteBrowsers.every((p) => !isAlive(p)), 'the remote Chromium to exit', 5_000);

  // At once, not after dialling the endpoint: no connection is made for it (the attempts are counted
  // below), so the answer does not wait for the connect timeout.
  const error = await errorOf(pool.get('chromium', true));
  expect(error.code).toBe('browser_unavailable');
  expect(error.message).toMatch(
    new RegExp(
      `browser server at ws://127\\.0\\.0\\.1:${port}${WS_PATH} is unreachable.*Reconnecting in the background: attempt \\d+`,
    ),
  );
  expect(await pool.infos()).toEqual([expect.objectContaining({ connected: false, remote: true })]);

  // Every attempt reaches the endpoint: count them for 3 s while gets keep failing fast.
  const counter = await countConnections(port);
  const window = performance.now();
  let failedGets = 0;
  while (performance.now() - window < 3_000) {
    await pool.get('chromium', true).catch(() => failedGets++);
    await sleep(50);
  }
  await counter.close();
  console.log(`3 s of outage: ${counter.count()} reconnect attempts, ${failedGets} gets failed fast`);
  // Backoff 100, 200, 400, 800, 800 ... ms: a handful of attempts, not one per get. (A busy machine
  // makes fewer gets and no more attempts, so the comparison holds at any speed.)
  expect(counter.count()).toBeGreaterThanOrEqual(2);
  expect(counter.count()).toBeLessThanOrEqual(8);
  expect(failedGets).toBeGreaterThan(counter.count());

  server = await startBrowserServer(port, WS_PATH);
  await eventually(() => reconnected.length === 1, 'the pool to reconnect by itself', 5_000);
  const again = await pool.get('chromium', true);
  expect(again).not.toBe(first);
  expect(again.isConnected()).toBe(true);
  const context = await again.newContext();
  expect(await (await context.newPage()).evaluate('6 * 7')).toBe(42);
  expect(await pool.infos()).toEqual([
    expect.objectContaining({ connected: true, remote: true, contexts: 1 }),
  ]);
  expect(warnings).toEqual([
    expect.stringMatching(
      /^Lost the connection to the browser server at ws:.*reconnecting in the background/,
    ),
    expect.stringMatching(/^Reconnected to the browser server at ws:.* after \d+ attempt\(s\) in [\d.]+ s$/),
  ]);
});

it('a get while a reconnect attempt is in flight, which then fails, answers the outage error', async () => {
  await poolInOutage({ firstDelayMs: 100, maxDelayMs: 60_000 });
  // The endpoint accepts and never answers: the next attempt hangs until its 5 s connect timeout.
  const hole = await holdConnections(port);
  try {
    await eventually(() => hole.count() === 1, 'a reconnect attempt to be in flight', 5_000);
    const error = await errorOf(pool.get('chromium', true));
    expect(error.code).toBe('browser_unavailable');
    expect(error.message).toMatch(
      /is unreachable: the connection was lost \d+ s ago \(last attempt: .*\)\. Reconnecting in the background: attempt \d+ in \d+ ms\./,
    );
    expect((error.cause as Error).message).toMatch(
      /^Could not connect .*: .*Timeout 5000ms exceeded\. Check /,
    );
  } finally {
    await hole.close();
  }
});

it('gives up after its time budget with a warning; the next get tries once more by itself', async () => {
  pool = makePool({ firstDelayMs: 100, maxDelayMs: 200, giveUpAfterMs: 1_000 });
  await pool.get('chromium', true);
  await server!.kill('SIGKILL');
  server = undefined;
  await eventually(() => warnings.some((w) => w.startsWith('Gave up')), 'the pool to give up', 5_000);
  expect(warnings.at(-1)).toMatch(/^Gave up reconnecting to the browser server at ws:.* after \d+ attempts/);

  const counter = await countConnections(port);
  await sleep(1_000);
  expect(counter.count(), 'no attempts after giving up').toBe(0);
  const error = await errorOf(pool.get('chromium', true));
  expect(counter.count()).toBe(1);
  await counter.close();
  expect(error.message).toMatch(/Could not connect to the browser server at ws:/);
});

it('closeAll() during an outage stops the reconnect attempts', async () => {
  await poolInOutage({ firstDelayMs: 100, maxDelayMs: 100 });
  await pool.closeAll(1_000);
  const counter = await countConnections(port);
  await sleep(1_000);
  await counter.close();
  expect(counter.count()).toBe(0);
  expect(reconnected).toEqual([]);
});
