// Makes sure a Chromium is available for Playwright: MB_BROWSER_EXECUTABLE, Playwright's cache, or the
// system's Chrome/Chromium (the same search the daemon does). On Debian/Ubuntu as root it installs
// Debian's chromium package; anywhere else it says what to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { locateBrowser } from '../packages/browser-manager/dist/index.js';

function find() {
  try {
    return locateBrowser('chromium');
  } catch (error) {
    return error;
  }
}

let found = find();
if (found instanceof Error) {
  const isRoot = process.getuid?.() === 0;
  if (process.platform === 'linux' && isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(
      "setup: no Chromium found; installing Debian's chromium package (apt-get install -y chromium)...",
    );
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    found = find();
  }
}
if (found instanceof Error) {
  console.error(`setup: ${found.message}`);
  console.error('setup: then run this command again.');
  process.exit(1);
}
console.log(`setup: using Chromium at ${found.executablePath} (found via ${found.source})`);
