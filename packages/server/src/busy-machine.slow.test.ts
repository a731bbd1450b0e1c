// A busy machine is slow, not broken: with three busy processes per core beside it, sessions are
// created (under a short operation timeout, which a session's start does not depend on), act, save
// their state and are deleted — every answer a success.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { startTestSite } from '@marketbridge/test-helpers';
import { expect, it } from 'vitest';
import { startServer } from './test-fixtures/server.js';

function cpuHogs(count: number): { stop(): void } {
  const hogs: ChildProcess[] = Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for(;;){Math.sqrt(Math.random())}'], { stdio: 'ignore' }),
  );
  return {
    stop: () => {
      for (const hog of hogs) hog.kill('SIGKILL');
    },
  };
}

it('under a CPU hog (3 busy processes per core): creates, actions, saves and deletes all succeed', async () => {
  await using site = await startTestSite();
  const t = await startServer({ operationTimeoutMs: 1_500, backgroundIntervalMs: 600_000 });
  const hogs = cpuHogs(3 * availableParallelism());
  try {
    const names = ['busy-a', 'busy-b', 'busy-c'];
    const created = await Promise.all(
      names.map((name) => t.api<{ id: string }>('POST', '/sessions', { name, url: site.at('/form') })),
    );
    expect(created.map((r) => r.status)).toEqual([201, 201, 201]);
    // Actions with a budget a slow machine needs; the server's own bounds follow from it.
    const slow = { timeoutMs: 60_000 };
    for (const name of names) {
      const nav = await t.api<{ status: number }>('POST', `/sessions/${name}/navigate`, {
        url: site.at('/state'),
        ...slow,
      });
      expect(nav.status, JSON.stringify(nav.body)).toBe(200);
      const run = await t.api<{ result: unknown }>('POST', `/sessions/${name}/execute`, {
        script: "localStorage.setItem('k', 'v'); return 6 * 7",
        ...slow,
      });
      expect(run.body).toEqual({ result: 42 });
      const shot = await t.api('POST', `/sessions/${name}/screenshot`, slow);
      expect(shot.status).toBe(200);
      await t.server.manager.saveSession(name);
      expect(existsSync(t.home.path('playwright_sessions', `${name}.json`))).toBe(true);
    }
    for (const name of names) expect((await t.api('DELETE', `/sessions/${name}`)).status).toBe(200);
  } finally {
    hogs.stop();
    await t.close();
    t.home.remove();
  }
});
