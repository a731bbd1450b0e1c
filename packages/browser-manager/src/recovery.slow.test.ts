import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createTempHome,
  errorOf,
  eventually,
  pidsWithArg,
  startTestSite,
  type TempHome,
  type TestSite,
} from '@marketbridge/test-helpers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BrowserManager } from './manager.js';
import { isAlive } from './processes.js';
import type { BrowserManagerEvents } from './types.js';

let site: TestSite;
let home: TempHome;
let manager: BrowserManager;

beforeAll(async () => {
  site = await startTestSite();
});
afterAll(async () => site?.close());
beforeEach(async () => {
  home = createTempHome();
  manager = await BrowserManager.create({ home: home.dir, saveIntervalMs: 0 });
});
afterEach(async () => {
  await manager?.close();
  home?.remove();
});

function record<K extends keyof BrowserManagerEvents>(event: K): BrowserManagerEvents[K][0][] {
  const seen: BrowserManagerEvents[K][0][] = [];
  manager.on(event, ((e: BrowserManagerEvents[K][0]) => seen.push(e)) as never);
  return seen;
}

describe('crash recovery', () => {
  it('brings sessions back by themselves after SIGKILL of the browser: same id, URL and state', async () => {
    const crashed = record('session-crashed');
    const restored = record('session-restored');
    const { session } = await manager.createSession({ name: 'survivor', url: site.at('/state') });
    await manager.navigate('survivor', { url: site.at('/form') });
    await manager.saveSession('survivor');
    const [pid] = manager.browserPids();
    expect(pid).toBeDefined();

    process.kill(pid as number, 'SIGKILL');
    await eventually(() => restored.length > 0, 'the session to be restored', 20_000);

    expect(crashed).toEqual([expect.objectContaining({ reason: 'browser-disconnected' })]);
    expect(restored[0]?.session).toMatchObject({ id: session.id, name: 'survivor', status: 'active' });
    expect(manager.getSession('survivor')).toMatchObject({ id: session.id, currentUrl: site.at('/form') });
    expect(await manager.execute('survivor', "localStorage.getItem('token')")).toBe('abc123');
    expect(await manager.execute('survivor', 'document.cookie')).toBe('visited=yes');
    expect(manager.browserPids()).not.toContain(pid);
  });

  it('fails a request caught by the crash cleanly, and the next one works', async () => {
    await manager.createSession({ name: 'busy', url: site.at('/form') });
    const [pid] = manager.browserPids();
    const inFlight = errorOf(manager.execute('busy', 'new Promise((r) => setTimeout(r, 5000))', [], 10_000));
    await new Promise((r) => setTimeout(r, 300));
    process.kill(pid as number, 'SIGKILL');
    const error = await inFlight;
    expect(error.code).toBe('session_unavailable');
    expect(await manager.execute('busy', 'location.pathname')).toBe('/form');
  });

  it('recovers a crashed page in place', async () => {
    const restored = record('session-restored');
    await manager.createSession({ name: 'tab', url: site.at('/form') });
    await manager.withPage('tab', async (page) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Page.crash').catch(() => undefined);
    });
    await eventually(() => restored.some((r) => r.reason === 'page-crashed'), 'the page to be restored');
    expect(await manager.execute('tab', 'location.pathname')).toBe('/form');
  });

  it('leaves no browser process behind after close()', async () => {
    await manager.createSession({ name: 'a', url: site.at('/') });
    await manager.createSession({ name: 'b', headless: true });
    const pids = manager.browserPids();
    expect(pids.length).toBe(1);
    await manager.close();
    await eventually(() => pids.every((p) => !isAlive(p)), 'the browser to exit', 5_000);
    expect(pidsWithArg(manager.instanceId)).toEqual([]);
  });
});

describe('orphans', () => {
  it('reaps the browsers of an owner that died, at the next start', async () => {
    const script = fileURLToPath(new URL('./test-fixtures/launch-and-hang.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, home.dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const instanceId = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => resolve(d.toString().trim()));
      child.on('exit', (code) => reject(new Error(`fixture exited early with ${code}`)));
    });
    expect(pidsWithArg(instanceId).length).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // Chromium outlives a SIGKILLed owner: that is the orphan.
    expect(pidsWithArg(instanceId).length).toBeGreaterThan(0);

    const orphans = pidsWithArg(instanceId);
    const next = await BrowserManager.create({ home: home.dir, saveIntervalMs: 0 });
    expect(next.reapedAtStart).toEqual(
      expect.arrayContaining(orphans.filter((p) => !/--type=/.test(p.toString()))),
    );
    await eventually(() => pidsWithArg(instanceId).length === 0, 'the orphan to be reaped', 5_000);
    await next.close();
  });
});
