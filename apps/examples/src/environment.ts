import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const mbBrowser = fileURLToPath(import.meta.resolve('@marketbridge/daemon').replace(/index\.js$/, 'bin.js'));

export interface Environment {
  serverUrl: string;
  home: string;
  marketbridgeUrl: string;
  /** Stops what this runner started (and nothing it found running). */
  stop(): Promise<void>;
}

/**
 * The daemon and a MarketBridge to run the examples against: MB_BROWSER_URL / MARKETBRIDGE_URL when set,
 * otherwise a daemon started in a scratch home and a local stand-in page, both stopped afterwards.
 */
export async function prepareEnvironment(log: (m: string) => void): Promise<Environment> {
  const stops: (() => Promise<void>)[] = [];
  let serverUrl = process.env.MB_BROWSER_URL;
  const home = process.env.MARKETBRIDGE_HOME ?? mkdtempSync(join(tmpdir(), 'mb-examples-'));
  if (!serverUrl) {
    log(`starting the daemon (mb-browser start --home ${home})`);
    const { stdout } = await run(process.execPath, [
      mbBrowser,
      'start',
      '--home',
      home,
      '--port',
      '0',
      '--json',
    ]);
    serverUrl = (JSON.parse(stdout) as { url: string }).url;
    stops.push(async () => {
      log('stopping the daemon');
      await run(process.execPath, [mbBrowser, 'stop', '--home', home]);
    });
  } else log(`using the session server at ${serverUrl}`);

  let marketbridgeUrl = process.env.MARKETBRIDGE_URL;
  if (!marketbridgeUrl) {
    const site = await startStandIn();
    marketbridgeUrl = site.url;
    stops.push(() => new Promise<void>((r) => site.server.close(() => r())));
    log(`serving a stand-in MarketBridge page at ${marketbridgeUrl}`);
  } else log(`using MarketBridge at ${marketbridgeUrl}`);

  return {
    serverUrl,
    home,
    marketbridgeUrl,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

const standInPage = `<!doctype html><title>MarketBridge</title>
<div id="app"><span id="status-text">Connected</span>
<form id="subscription-form" onsubmit="event.preventDefault(); const s = document.getElementById('symbol').value;
  const li = document.createElement('div'); li.className = 'subscription-item'; li.textContent = s;
  document.getElementById('subscriptions-list').append(li);">
<input id="symbol" /><button id="subscribe-btn" type="submit">Subscribe</button></form>
<div id="subscriptions-list"></div></div>
<script>localStorage.setItem('visits', String(Number(localStorage.getItem('visits') ?? 0) + 1));</script>`;

/** A minimal page with MarketBridge's ids, until the demo MarketBridge takes its place. */
async function startStandIn(): Promise<{ url: string; server: Server }> {
  const server = createServer((_, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end(standInPage),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}
