import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { deadPort } from '@marketbridge/test-helpers';
import { describe, expect, it } from 'vitest';
import { BrowserManager } from './manager.js';
import { useManager } from './test-fixtures/manager-fixture.js';

const fx = useManager({ perTest: true });

async function expectStateBack(name: string, url: string): Promise<void> {
  const info = fx.manager.getSession(name);
  expect(info.currentUrl).toBe(url);
  expect(await fx.manager.execute(name, 'document.cookie')).toContain('visited=yes');
  expect(await fx.manager.execute(name, 'document.cookie')).toContain('header=set');
  expect(await fx.manager.execute(name, "localStorage.getItem('token')")).toBe('abc123');
}

describe('saved state', () => {
  it('brings a session closed with keepState back by name: same id, cookies, localStorage, URL', async () => {
    const { session } = await fx.manager.createSession({
      name: 'keeper',
      url: fx.site.at('/set-cookie?header=set'),
    });
    await fx.manager.navigate('keeper', { url: fx.site.at('/state') });
    await fx.manager.navigate('keeper', { url: fx.site.at('/form') });
    await fx.manager.closeSession('keeper', { keepState: true });
    const file = fx.home.path('playwright_sessions', 'keeper.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.marketbridge).toMatchObject({
      sessionId: session.id,
      pages: [{ url: fx.site.at('/form') }],
    });

    const again = await fx.manager.createSession({ name: 'keeper' });
    expect(again).toMatchObject({ created: true, restored: true, session: { id: session.id } });
    await expectStateBack('keeper', fx.site.at('/form'));
  });

  it('forgets the state when closed without keepState', async () => {
    await fx.manager.createSession({ name: 'forget', url: fx.site.at('/state') });
    await fx.manager.closeSession('forget');
    const again = await fx.manager.createSession({ name: 'forget' });
    expect(again.restored).toBe(false);
    expect(fx.manager.getSession('forget').currentUrl).toBe('about:blank');
    await fx.manager.navigate('forget', { url: fx.site.at('/') });
    expect(await fx.manager.execute('forget', 'document.cookie')).toBe('');
  });

  it('moves an unusable state file aside, reports it, and starts fresh', async () => {
    const warnings: string[] = [];
    fx.manager.on('warning', ({ message }) => warnings.push(message));
    const file = fx.home.path('playwright_sessions', 'broken.json');
    await fx.manager.createSession({ name: 'seed' });
    await fx.manager.closeSession('seed', { keepState: true });
    writeFileSync(file, '{ not json');
    const result = await fx.manager.createSession({ name: 'broken' });
    expect(result.restored).toBe(false);
    expect(warnings.join('\n')).toMatch(/broken.*unusable.*moved it to .*broken\.json\.corrupt-/s);
  });

  it('opens the requested URL even when the saved page can no longer be reached', async () => {
    const gone = `http://127.0.0.1:${await deadPort()}/gone`;
    await fx.manager.createSession({ name: 'moved', url: fx.site.at('/state') });
    await fx.manager.navigate('moved', { url: gone }).catch(() => undefined);
    await fx.manager.closeSession('moved', { keepState: true });
    const saved = JSON.parse(readFileSync(fx.home.path('playwright_sessions', 'moved.json'), 'utf8'));
    expect(saved.marketbridge.pages.map((p: { url: string }) => p.url)).toEqual([gone]);

    const { restored } = await fx.manager.createSession({ name: 'moved', url: fx.site.at('/form') });
    expect(restored).toBe(true);
    expect(fx.manager.getSession('moved').currentUrl).toBe(fx.site.at('/form'));
    expect(await fx.manager.execute('moved', "localStorage.getItem('token')")).toBe('abc123');
  });

  it("removes half-written state files of killed writers at start, and keeps a live writer's", async () => {
    await fx.manager.createSession({ name: 'kept' });
    await fx.manager.closeSession('kept', { keepState: true });
    await fx.manager.close();
    const dir = fx.home.path('playwright_sessions');
    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    const dead = `kept.json.tmp-${exited}-0badf00d`;
    const live = `kept.json.tmp-${process.pid}-5afe5afe`;
    writeFileSync(`${dir}/${dead}`, '{"cookies":[');
    writeFileSync(`${dir}/${live}`, '{"cookies":[');

    fx.manager = await BrowserManager.create({ home: fx.home.dir, saveIntervalMs: 0 });
    expect(fx.manager.tempFilesRemovedAtStart).toEqual([dead]);
    expect(readdirSync(dir).sort()).toEqual(['kept.json', live]);
    expect((await fx.manager.createSession({ name: 'kept' })).restored).toBe(true);
  });

  it('brings a session back in a new fx.manager in a new process', async () => {
    await fx.manager.close();
    const script = fileURLToPath(new URL('./test-fixtures/make-session.ts', import.meta.url));
    // Async: the test fx.site is served by this process, so it must not block while the child runs.
    const child = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', script, fx.home.dir, fx.site.url],
      {
        timeout: 180_000,
      },
    );
    const made = JSON.parse(child.stdout.trim().split('\n').at(-1) as string);

    fx.manager = await BrowserManager.create({ home: fx.home.dir, saveIntervalMs: 0 });
    const { session, restored } = await fx.manager.createSession({ name: 'cross-process' });
    expect(restored).toBe(true);
    expect(session.id).toBe(made.id);
    await expectStateBack('cross-process', fx.site.at('/form'));
  });
});
