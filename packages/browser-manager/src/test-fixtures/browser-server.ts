// Run in a separate process: a Playwright browser server (what `playwright run-server` provides), prints its endpoint.
import { chromium } from 'playwright-core';
import { locateBrowser } from '../locate-browser.js';

const server = await chromium.launchServer({
  executablePath: locateBrowser('chromium').executablePath,
  args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  host: '127.0.0.1',
  port: 0,
});
console.log(server.wsEndpoint());
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
