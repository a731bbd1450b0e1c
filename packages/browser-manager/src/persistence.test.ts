import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTempHome, startTestSite, type TempHome, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BrowserManager } from './manager.js';

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

async function expectStateBack(name: string, url: string): Promise<void> {
  const info = manager.getSession(name);
  expect(info.currentUrl).toBe(url);
  expect(await manager.execute(name, 'document.cookie')).toContain('visited=yes');
  expect(await manager.execute(name, 'document.cookie')).toContain('header=set');
  expect(await manager.execute(name, "localStorage.getItem('token')")).toBe('abc123');
}

describe('saved state', () => {
  it('brings a session closed with keepState back by name: same id, cookies, localStorage, URL', async () => {
    const { session } = await manager.createSession({
      name: 'keeper',
      url: site.at('/set-cookie?header=set'),
    });
    await manager.navigate('keeper', { url: site.at('/state') });
    await manager.navigate('keeper', { url: site.at('/form') });
    await manager.closeSession('keeper', { keepState: true });
    const file = home.path('playwright_sessions', 'keeper.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.marketbridge).toMatchObject({ sessionId: session.id, pages: [{ url: site.at('/form') }] });

    const again = await manager.createSession({ name: 'keeper' });
    expect(again).toMatchObject({ created: true, restored: true, session: { id: session.id } });
    await expectStateBack('keeper', site.at('/form'));
  });

  it('forgets the state when closed without keepState', async () => {
    await manager.createSession({ name: 'forget', url: site.at('/state') });
    await manager.closeSession('forget');
    const again = await manager.createSession({ name: 'forget' });
    expect(again.restored).toBe(false);
    expect(manager.getSession('forget').currentUrl).toBe('about:blank');
    await manager.navigate('forget', { url: site.at('/') });
    expect(await manager.execute('forget', 'document.cookie')).toBe('');
  });

  it('moves an unusable state file aside, reports it, and starts fresh', async () => {
    const warnings: string[] = [];
    manager.on('warning', ({ message }) => warnings.push(message));
    const file = home.path('playwright_sessions', 'broken.json');
    await manager.createSession({ name: 'seed' });
    await manager.closeSession('seed', { keepState: true });
    writeFileSync(file, '{ not json');
    const result = await manager.createSession({ name: 'broken' });
    expect(result.restored).toBe(false);
    expect(warnings.join('\n')).toMatch(/broken.*unusable.*moved it to .*broken\.json\.corrupt-/s);
  });

  it('brings a session back in a new manager in a new process', async () => {
    await manager.close();
    const script = fileURLToPath(new URL('./test-fixtures/make-session.ts', import.meta.url));
    // Async: the test site is served by this process, so it must not block while the child runs.
    const child = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', script, home.dir, site.url],
      {
        timeout: 60_000,
      },
    );
    const made = JSON.parse(child.stdout.trim().split('\n').at(-1) as string);

    manager = await BrowserManager.create({ home: home.dir, saveIntervalMs: 0 });
    const { session, restored } = await manager.createSession({ name: 'cross-process' });
    expect(restored).toBe(true);
    expect(session.id).toBe(made.id);
    await expectStateBack('cross-process', site.at('/form'));
  });
});
