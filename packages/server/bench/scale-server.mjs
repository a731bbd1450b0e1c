// Started by scale.bench.ts in a process of its own, as the server is deployed, so that its memory can be
// read apart from the load generator's. Argument: the server options as JSON. Prints { url, token }.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '@marketbridge/server';

const home = mkdtempSync(join(tmpdir(), 'mb-scale-'));
const server = await createServer({
  home,
  port: 0,
  consoleLogLevel: false,
  saveIntervalMs: 0,
  logLevel: 'warn',
  ...JSON.parse(process.argv[2] ?? '{}'),
});
process.stdout.write(`${JSON.stringify({ url: server.url, token: server.token ?? '' })}\n`);
const stop = async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
  process.exit(0);
};
// SIGINT too: a Ctrl-C of the bench reaches this process, and the browsers must not outlive it.
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
