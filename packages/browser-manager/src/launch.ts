import type { BrowserType } from '@marketbridge/api-types';
import { type Browser, chromium, firefox, webkit } from 'playwright-core';
import { featuresOf, playwrightDisabledFeatures, withDisabledFeatures } from './chromium-features.js';
import { DEVTOOLS_PORT_ARG } from './devtools-endpoint.js';
import { BrowserUnavailableError } from './errors.js';
import { locateBrowser } from './locate-browser.js';
import { ownerArgs } from './owner-marker.js';

const engines = { chromium, firefox, webkit };

// Chromium's background services try to reach Google; on closed networks they only add noise and delay.
const chromiumArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-quic',
];

export interface LaunchRequest {
  browserType: BrowserType;
  headless: boolean;
  executablePath?: string;
  /** Connect to a Playwright browser server instead of launching (`ws://...`). */
  browserEndpoint?: string;
  extraArgs?: string[];
  timeoutMs: number;
  /** Marks the browser's command line so this manager (and a later one, if this dies) can find it. */
  instanceId: string;
  /** Chromium also listens for DevTools on a loopback port the OS picks (for CDP clients, via the server). */
  devtoolsPort?: boolean;
  /** Chromium features to turn off besides Playwright's (merged with its list and the extra args' own). */
  disableFeatures?: readonly string[];
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export async function launchBrowser(req: LaunchRequest): Promise<Browser> {
  const engine = engines[req.browserType];
  if (req.browserEndpoint) {
    try {
      return await engine.connect(req.browserEndpoint, { timeout: req.timeoutMs });
    } catch (cause) {
      throw new BrowserUnavailableError(
        `Could not connect to the browser server at ${req.browserEndpoint}: ${(cause as Error).message.split('\n')[0]?.replace(/\.+$/, '')}. ` +
          'Check that `playwright run-server` (or browserType.launchServer) is running there and reachable.',
        { cause },
      );
    }
  }
  if (!req.headless && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new BrowserUnavailableError(
      'A headed browser needs a display, and neither DISPLAY nor WAYLAND_DISPLAY is set. ' +
        'Use headless: true, or run the server under a display (e.g. `xvfb-run mb-browser serve`).',
    );
  }
  const executablePath = req.executablePath ?? locateBrowser(req.browserType).executablePath;
  let args = [...ownerArgs(req.instanceId), ...(req.extraArgs ?? [])];
  if (req.browserType === 'chromium') {
    args.push(...chromiumArgs);
    if (isRoot()) args.push('--no-sandbox');
    if (req.devtoolsPort) args.push(DEVTOOLS_PORT_ARG);
    const extra = req.disableFeatures ?? [];
    if (extra.length > 0 || featuresOf(args))
      args = withDisabledFeatures(args, extra, playwrightDisabledFeatures());
  }
  try {
    return await engine.launch({
      executablePath,
      headless: req.headless,
      args: req.browserType === 'chromium' ? args : [],
      timeout: req.timeoutMs,
      // The owner saves every session's state before browsers go down; Playwright must not close them first.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (cause) {
    throw new BrowserUnavailableError(
      `Could not launch ${req.browserType} (${executablePath}): ${(cause as Error).message.split('\n')[0]}`,
      { cause },
    );
  }
}
