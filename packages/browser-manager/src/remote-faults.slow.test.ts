// Faults on a remote browser (`browserEndpoint`): the Playwright browser server, in another process,
// SIGKILLed in the middle of a request, then started again at the same endpoint (fixed port and wsPath).
import { createTempHome, deadPort, errorOf, eventually, startTestSite } from '@marketbridge/test-helpers';
import { expect, it } from 'vitest';
import { BrowserManager } from './manager.js';
import { isAlive } from './processes.js';
import { countConnections, startBrowserServer } from './test-fixtures/remote-browser-server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('SIGKILL of the browser server mid-request: clean error in time, no spinning; the session comes back at the same endpoint', {
  timeout: 180_000,
}, async () => {
  await using site = await startTestSite();
  using home = createTempHome();
  const port = await deadPort();
  let server = await startBrowserServer(port, '/mb-remote');
  const endpoint = server.endpoint;
  expect(endpoint).toBe(`ws://127.0.0.1:${port}/mb-remote`);
  try {
    await using manager = await BrowserManager.create({
      home: home.dir,
      browserEndpoint: endpoint,
      saveIntervalMs: 0,
      defaultTimeoutMs: 5_000,
    });
    const warnings: string[] = [];
    manager.on('warning', ({ message }) => warnings.push(message));
    const { session } = await manager.createSession({ name: 'far', url: site.at('/state') });
    await manager.navigate('far', { url: site.at('/form') });
    await manager.saveSession('far');
    const remoteBrowsers = server.browserPids();

    const started = Date.now();
    const inFlight = errorOf(
      manager.execute('far', 'new Promise((r) => setTimeout(() => r(1), 3000))', [], 8_000),
    );
    await sleep(300);
    await server.kill('SIGKILL');
    const error = await inFlight;
    const elapsed = Date.now() - started;
    console.log(`in-flight request failed after ${elapsed} ms: ${error.code}: ${error.message}`);
    // The kill ended it, not the script's 8 s timeout (that would be `timeout`).
    expect(error.code).toMatch(/^(session_unavailable|browser_unavailable)$/);
    expect(error.message).toContain('Session "far"');
    expect(error.message).toContain(endpoint);
    await eventually(
      () => manager.getSession('far').status === 'crashed',
      'the session to be marked crashed',
      5_000,
    );
    await eventually(() => remoteBrowsers.every((p) => !isAlive(p)), 'the remote Chromium to exit', 5_000);

    // While the server is down: every request fails at once; the endpoint is not hammered (attempts
    // follow the pool's backoff, not the request rate) and the warnings name it.
    const counter = await countConnections(port);
    const outage = performance.now();
    let failed = 0;
    while (performance.now() - outage < 3_000) {
      const e = await errorOf(manager.execute('far', '1'));
      expect(e.code).toBe('session_unavailable');
      failed++;
      await sleep(50);
    }
    await counter.close();
    console.log(`3 s of outage: ${failed} requests failed fast, ${counter.count()} connection attempts`);
    expect(counter.count()).toBeLessThanOrEqual(8);
    // Not one connection attempt per request; a busy machine makes fewer requests, not more attempts.
    expect(failed).toBeGreaterThan(counter.count());
    expect(warnings.join('\n')).toContain(`browser server at ${endpoint}`);
    expect(await manager.browsers()).toEqual([expect.objectContaining({ connected: false, remote: true })]);

    server = await startBrowserServer(port, '/mb-remote');
    expect(server.endpoint).toBe(endpoint);
    // No request needed: the pool reconnects within its backoff and the manager restores the session.
    await eventually(
      () => manager.getSession('far').status === 'active',
      'the session to come back by itself',
      15_000,
    );
    expect(await manager.execute('far', 'location.pathname')).toBe('/form');
    const restoreWarnings = warnings.filter((w) => w.includes('could not be restored yet'));
    expect(restoreWarnings.length, restoreWarnings.join('\n')).toBe(1);
    expect(manager.getSession('far')).toMatchObject({
      id: session.id,
      status: 'active',
      currentUrl: site.at('/form'),
    });
    expect(await manager.execute('far', "localStorage.getItem('token')")).toBe('abc123');
    expect(await manager.browsers()).toEqual([expect.objectContaining({ connected: true, remote: true })]);
  } finally {
    await server.kill('SIGTERM');
  }
});
