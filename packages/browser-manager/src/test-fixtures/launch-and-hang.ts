// Run in a separate process: starts a Chromium marked as ours but not tied to us by a pipe (as a browser
// that missed its owner's death would be), prints the marker, then waits to be killed.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateBrowser } from '../locate-browser.js';
import { ownerArgs } from '../owner-marker.js';

const instanceId = `orphan-${process.pid}`;
const browser = spawn(
  locateBrowser('chromium').executablePath,
  [
    ...ownerArgs(instanceId),
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    `--user-data-dir=${mkdtempSync(join(tmpdir(), 'mb-orphan-'))}`,
    '--remote-debugging-port=0',
    'about:blank',
  ],
  { detached: true, stdio: 'ignore' },
);
browser.unref();
console.log(instanceId);
setInterval(() => undefined, 1_000);
