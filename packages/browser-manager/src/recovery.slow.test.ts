import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { errorOf, eventually, pidsWithArg, startBeacon } from '@marketbridge/test-helpers';
import { describe, expect, it } from 'vitest';
import { BrowserManager } from './manager.js';
import { isAlive, listMarkedBrowsers } from './processes.js';
import { useManager } from './test-fixtures/manager-fixture.js';
import type { BrowserManagerEvents } from './types.js';

const fx = useManager({ perTest: true });

function record<K extends keyof BrowserManagerEvents>(event: K): BrowserManagerEvents[K][0][] {
  const seen: BrowserManagerEvents[K][0][] = [];
  fx.manager.on(event, ((e: BrowserManagerEvents[K][0]) => seen.push(e)) as never);
  return seen;
}

describe('crash recovery', () => {
  it('brings sessions back by themselves after SIGKILL of the browser: same id, URL and state', async () => {
    const crashed = record('session-crashed');
    const restored = record('session-restored');
    const { session } = await fx.manager.createSession({ name: 'survivor', url: fx.site.at('/state') });
    await fx.manager.navigate('survivor', { url: fx.site.at('/form') });
    await fx.manager.saveSession('survivor');
    const [pid] = fx.manager.browserPids();
    expect(pid).toBeDefined();

    process.kill(pid as number, 'SIGKILL');
    await eventually(() => restored.length > 0, 'the session to be restored', 20_000);

    expect(crashed).toEqual([expect.objectContaining({ reason: 'browser-disconnected' })]);
    expect(restored[0]?.session).toMatchObject({ id: session.id, name: 'survivor', status: 'active' });
    expect(fx.manager.getSession('survivor')).toMatchObject({
      id: session.id,
      currentUrl: fx.site.at('/form'),
    });
    expect(await fx.manager.execute('survivor', "localStorage.getItem('token')")).toBe('abc123');
    expect(await fx.manager.execute('survivor', 'document.cookie')).toBe('visited=yes');
    expect(fx.manager.browserPids()).not.toContain(pid);
  });

  it('fails a request caught by the crash cleanly, and the next one works', async () => {
    await fx.manager.createSession({ name: 'busy', url: fx.site.at('/form') });
    const [pid] = fx.manager.browserPids();
    await using beacon = await startBeacon();
    const inFlight = errorOf(
      fx.manager.execute(
        'busy',
        `(${beacon.ping('running')}, new Promise((r) => setTimeout(r, 5000)))`,
        [],
        10_000,
      ),
    );
    await beacon.reached('running');
    process.kill(pid as number, 'SIGKILL');
    const error = await inFlight;
    expect(error.code).toBe('session_unavailable');
    expect(await fx.manager.execute('busy', 'location.pathname')).toBe('/form');
  });

  it('recovers a crashed page in place', async () => {
    const restored = record('session-restored');
    await fx.manager.createSession({ name: 'tab', url: fx.site.at('/form') });
    await fx.manager.withPage('tab', async (page) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Page.crash').catch(() => undefined);
    });
    await eventually(() => restored.some((r) => r.reason === 'page-crashed'), 'the page to be restored');
    expect(await fx.manager.execute('tab', 'location.pathname')).toBe('/form');
  });

  it('leaves no browser process behind after close()', async () => {
    await fx.manager.createSession({ name: 'a', url: fx.site.at('/') });
    await fx.manager.createSession({ name: 'b', headless: true });
    const pids = fx.manager.browserPids();
    expect(pids.length).toBe(1);
    await fx.manager.close();
    await eventually(() => pids.every((p) => !isAlive(p)), 'the browser to exit', 5_000);
    expect(pidsWithArg(fx.manager.instanceId)).toEqual([]);
  });
});

describe('orphans', () => {
  it('reaps the browsers of an owner that died, at the next start', async () => {
    const script = fileURLToPath(new URL('./test-fixtures/launch-and-hang.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, fx.home.dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const instanceId = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => resolve(d.toString().trim()));
      child.on('exit', (code) => reject(new Error(`fixture exited early with ${code}`)));
    });
    const mainPids = await eventually(() => {
      const found = listMarkedBrowsers().filter((p) => p.instanceId === instanceId);
      return found.length > 0 && found.map((p) => p.pid);
    }, 'the fixture browser to start');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // Not tied to its owner by a pipe, this browser outlives it: an orphan (unless a manager started by a
    // parallel test file has already reaped it, which is the behaviour under test too).

    const next = await BrowserManager.create({ home: fx.home.dir, saveIntervalMs: 0 });
    // Any manager starting meanwhile (other test files run in parallel) may reap it first: that is fine too.
    expect(mainPids.every((pid) => next.reapedAtStart.includes(pid) || !isAlive(pid))).toBe(true);
    await eventually(() => pidsWithArg(instanceId).length === 0, 'the orphan to be reaped', 5_000);
    await next.close();
  });
});
