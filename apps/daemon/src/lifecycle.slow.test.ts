import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { BrowserClient } from '@marketbridge/client';
import { SessionRegistry } from '@marketbridge/registry';
import {
  createTempHome,
  deadPort,
  eventually,
  pidsWithArg,
  startTestSite,
  type TempHome,
  type TestSite,
} from '@marketbridge/test-helpers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAlive, readPidFile } from './pid-file.js';
import { mbBrowser } from './test-fixtures/cli.js';

let site: TestSite;
let home: TempHome;
let port: number;

beforeAll(async () => {
  site = await startTestSite();
});
afterAll(async () => site?.close());
beforeEach(async () => {
  home = createTempHome();
  port = await deadPort(); // free: bound once, then released
});
afterEach(async () => {
  await mbBrowser(home.dir, ['stop', '--timeout-ms', '5000']);
  home.remove();
});

const cli = (...args: string[]) => mbBrowser(home.dir, args);
/** Starts the daemon on this test's port; a failed start shows why. */
const start = async (...extra: string[]) => {
  const result = await cli('start', '--port', String(port), ...extra);
  expect(result.code, result.stderr || result.stdout).toBe(0);
  return result;
};
const serverPid = () => {
  const state = readPidFile(home.path('run', 'browser_session_server.pid'));
  return state.kind === 'running' ? state.info.pid : undefined;
};

describe('mb-browser lifecycle', () => {
  it('start → session → stop → start brings the session back; status, logs; nothing left running', async () => {
    const started = await cli('start', '--port', String(port));
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain(`http://127.0.0.1:${port}`);
    expect(started.stdout).toContain(home.path('token'));
    const pidInfo = JSON.parse(readFileSync(home.path('run', 'browser_session_server.pid'), 'utf8'));
    expect(pidInfo).toMatchObject({
      port,
      host: '127.0.0.1',
      pid: expect.any(Number),
      version: expect.any(String),
    });

    const status = await cli('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/running at http:\/\/127\.0\.0\.1:\d+/);

    const client = new BrowserClient(undefined, { home: home.dir });
    const session = await client.createSession('keeper', { url: site.at('/state') });
    await session.navigate(site.at('/form'));

    const verbose = await cli('status', '-v');
    expect(verbose.stdout).toContain('keeper');
    expect(verbose.stdout).toContain(site.at('/form'));
    const logs = await cli('logs', '-n', '50');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('/sessions');

    // Every file of the home is the user's alone: files 0600, folders 0700, both logs included.
    const modes = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        const mode = (statSync(path).mode & 0o777).toString(8);
        const line = `${path.slice(home.dir.length + 1)} ${mode}`;
        return entry.isDirectory() ? [line, ...modes(path)] : [line];
      });
    const listed = modes(home.dir);
    expect(listed).toEqual(expect.arrayContaining(['logs 700', 'logs/browser_session_daemon.log 600']));
    expect(listed).toEqual(expect.arrayContaining(['logs/browser_session_server.log 600', 'token 600']));
    expect(listed.filter((line) => !/ (600|700)$/.test(line))).toEqual([]);

    const firstPid = serverPid() as number;
    const stopped = await cli('stop');
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(isAlive(firstPid)).toBe(false);
    expect(pidsWithArg(`--marketbridge-owner=${firstPid}`)).toEqual([]);
    expect((await cli('status')).code).toBe(3);

    await start();
    const back = await client.getSessionByName('keeper');
    expect(back?.id).toBe(session.id);
    expect(back?.info.currentUrl).toBe(site.at('/form'));
    expect(await back?.executeJs("localStorage.getItem('token')")).toBe('abc123');
  });

  it('says so when started twice or stopped when not running', async () => {
    expect((await cli('stop')).stdout).toContain('not running');
    await start();
    const again = await cli('start', '--port', String(port));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already running');
    const json = JSON.parse((await cli('status', '--json')).stdout);
    expect(json).toMatchObject({ running: true, responding: true, health: { status: 'healthy' } });
  });

  it('detects a stale PID file, and starts over it', async () => {
    const pidFile = home.path('run', 'browser_session_server.pid');
    await cli('cleanup'); // creates nothing, but must not fail on an empty home
    const { mkdirSync } = await import('node:fs');
    mkdirSync(home.path('run'), { recursive: true });
    writeFileSync(
      pidFile,
      JSON.stringify({ pid: 999_999, port, host: '127.0.0.1', startedAt: '', version: '0' }),
    );
    const status = await cli('status');
    expect(status.code).toBe(3);
    expect(status.stdout).toContain('stale PID file');
    const started = await cli('start', '--port', String(port));
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain('stale PID file');
  });

  it('names the port and the fix when the port is taken', async () => {
    const squatter = createServer();
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r));
    try {
      const result = await cli('start', '--port', String(port));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(result.stderr).toContain('--port');
    } finally {
      squatter.close();
    }
  });

  it('recovers after SIGKILL of the server: reaps its browser and restores the session', async () => {
    await start();
    const client = new BrowserClient(undefined, { home: home.dir });
    const session = await client.createSession('survivor', { url: site.at('/state') });
    await new Promise((r) => setTimeout(r, 1500)); // let the state be saved after activity
    const pid = serverPid() as number;
    process.kill(pid, 'SIGKILL');
    await eventually(() => !isAlive(pid), 'the server to die');
    // Its Chromium may notice the closed pipe and exit, or linger; either way none may survive the restart.

    const restarted = await cli('start', '--port', String(port));
    expect(restarted.code, restarted.stderr).toBe(0);
    await eventually(
      () => pidsWithArg(`--marketbridge-owner=${pid}`).length === 0,
      'the orphaned browser to be reaped',
    );
    const back = await client.getSessionByName('survivor');
    expect(back?.id).toBe(session.id);
    expect(await back?.executeJs('document.cookie')).toBe('visited=yes');
  });

  it('cleans up with the server down: old records, stale PID file, orphaned state files', async () => {
    await start();
    const client = new BrowserClient(undefined, { home: home.dir });
    await client.createSession('old-one', { url: site.at('/') });
    expect((await cli('stop')).code).toBe(0);
    writeFileSync(home.path('playwright_sessions', 'nobody.json'), '{}');
    writeFileSync(home.path('playwright_sessions', 'nobody.secrets'), '{}');
    const result = await cli('cleanup', '--max-age-hours', '0', '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.via).toBe('registry');
    expect(report.sessionsRemoved).toHaveLength(1);
    expect(report.stateFilesRemoved).toEqual(
      expect.arrayContaining(['nobody.json', 'nobody.secrets', 'old-one.json']),
    );
  });

  it('cleanup forgets kept sessions past the retention rule, with the server down and through it', async () => {
    const registry = new SessionRegistry({ file: home.registryFile });
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const { mkdirSync, existsSync } = await import('node:fs');
    mkdirSync(home.path('playwright_sessions'), { recursive: true });
    const ids: Record<string, string> = {};
    for (const [name, age] of [
      ['kept-old', 3],
      ['kept-mid', 2],
      ['kept-new', 1],
    ] as const) {
      const r = await registry.create({ sessionName: name });
      await registry.update(r.sessionId, { active: false, status: 'inactive', lastActivity: hoursAgo(age) });
      writeFileSync(home.path('playwright_sessions', `${name}.json`), '{"cookies":[],"origins":[]}\n');
      ids[name] = r.sessionId;
    }
    const active = await registry.create({ sessionName: 'left-active' });

    const bad = await cli('cleanup', '--max-kept-sessions', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-kept-sessions');
    expect(Object.keys((await registry.read()).sessions)).toHaveLength(4);

    const down = await cli('cleanup', '--max-kept-sessions', '1', '--json');
    expect(down.code, down.stderr).toBe(0);
    const report = JSON.parse(down.stdout);
    expect(report.via).toBe('registry');
    expect(
      report.forgotten.map((f: { id: string; stateDeleted: boolean }) => [f.id, f.stateDeleted]),
    ).toEqual([
      [ids['kept-old'], true],
      [ids['kept-mid'], true],
    ]);
    expect(existsSync(home.path('playwright_sessions', 'kept-old.json'))).toBe(false);
    expect(existsSync(home.path('playwright_sessions', 'kept-new.json'))).toBe(true);
    expect(Object.keys((await registry.read()).sessions).sort()).toEqual(
      [ids['kept-new'], active.sessionId].sort(),
    );
    const text = await cli('cleanup', '--max-kept-sessions', '1');
    expect(text.stdout).toContain('kept sessions forgotten (retention rule): 0');

    // Through the running server: its own rule (--max-kept-sessions 1) applies when a session is kept.
    await registry.remove(active.sessionId);
    await start('--max-kept-sessions', '1');
    const client = new BrowserClient(undefined, { home: home.dir });
    await client.createSession('kept-later', { url: site.at('/') });
    await client.deleteSession('kept-later', { keepState: true });
    const kept = (await client.listSessions({ active: false })).map((s) => s.name);
    expect(kept).toEqual(['kept-later']);
    const up = JSON.parse((await cli('cleanup', '--json')).stdout);
    expect(up).toMatchObject({ via: 'server', sessionsRemoved: [], forgotten: [] });
  });
});
