// Playwright's launchServer in a process of its own, as a deployed Playwright browser server runs (the
// peer of the scale and cpu-per-op benches, whose mb server runs in a process of its own too).
// Argument: launchServer's options as JSON. Prints { wsEndpoint, pid, browserPid }; closes when stdin ends.
import { chromium } from 'playwright-core';

const server = await chromium.launchServer(JSON.parse(process.argv[2] ?? '{}'));
process.stdout.write(
  `${JSON.stringify({ wsEndpoint: server.wsEndpoint(), pid: process.pid, browserPid: server.process().pid })}\n`,
);
process.stdin.resume();
process.stdin.on('end', async () => {
  await server.close();
  process.exit(0);
});
