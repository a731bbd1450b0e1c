import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDemoMarketBridge } from '@marketbridge/controller/testing';

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
 * otherwise a daemon started in a scratch home and the demo MarketBridge, both stopped afterwards.
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
    const demo = await startDemoMarketBridge();
    marketbridgeUrl = demo.url;
    stops.push(async () => {
      log('stopping the demo MarketBridge');
      await demo.close();
    });
    log(`started the demo MarketBridge at ${marketbridgeUrl}`);
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
