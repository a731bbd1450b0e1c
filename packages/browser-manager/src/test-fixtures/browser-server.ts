// Run in a separate process: a Playwright browser server (what `playwright run-server` provides), prints its endpoint.
// Optional arguments: a fixed port and wsPath, so a restarted server comes back at the same endpoint.
import { chromium } from 'playwright-core';
import { locateBrowser } from '../locate-browser.js';

const [port = '0', wsPath] = process.argv.slice(2);
const server = await chromium.launchServer({
  executablePath: locateBrowser('chromium').executablePath,
  args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  host: '127.0.0.1',
  port: Number(port),
  ...(wsPath ? { wsPath } : {}),
});
console.log(server.wsEndpoint());
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
