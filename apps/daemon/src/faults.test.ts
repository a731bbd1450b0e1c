// Faults of the server process itself, on the real `mb-browser serve`:
// - SIGTERM with live sessions and an open keep-alive client: exit 0 within the bound, state saved,
//   PID file gone, no browser left.
// - SIGKILL at a random moment while it writes the registry and state files, MB_KILL_ROUNDS times
//   (default 3; seeded by MB_KILL_SEED, printed): the registry and every state file always parse, and
//   the next start restores every session the registry lists as active (a stale lock is taken over).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
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
import { isAlive } from './pid-file.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const rounds = Number(process.env.MB_KILL_ROUNDS ?? 3);
const seed = Number(process.env.MB_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));

let site: TestSite;
let home: TempHome;
let port: number;
let child: ChildProcess | undefined;

beforeAll(async () => {
  site = await startTestSite();
});
afterAll(async () => site?.close());
beforeEach(async () => {
  home = createTempHome();
  port = await deadPort(); // free: bound once, then released
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const pid = child.pid as number;
    child.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));
    for (const p of pidsWithArg(`--marketbridge-owner=${pid}`)) process.kill(p, 'SIGKILL');
  }
  child = undefined;
  home.remove();
});

/** Starts `mb-browser serve` in the foreground and waits for /health. */
async function serve(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [bin, 'serve', '--port', String(port)], {
    env: { ...process.env, MARKETBRIDGE_HOME: home.dir, MB_BROWSER_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child = proc;
  await eventually(
    async () => {
      if (proc.exitCode !== null) throw new Error(`serve exited with ${proc.exitCode}: ${stderr}`);
      const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      return res?.status === 200;
    },
    'the server to answer',
    30_000,
  );
  return proc;
}

const token = () => readFileSync(home.path('token'), 'utf8').trim();
async function api<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token()}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const exited = (proc: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null)
      resolve({ code: proc.exitCode, signal: proc.signalCode });
    else proc.once('exit', (code, signal) => resolve({ code, signal }));
  });

/** The registry's active sessions, id → name (throws if the file does not parse). */
function readActive(): Map<string, string> {
  const registry = JSON.parse(readFileSync(home.registryFile, 'utf8'));
  expect(registry).toMatchObject({ sessions: expect.any(Object), active_sessions: expect.any(Array) });
  return new Map(
    (registry.active_sessions as string[]).map((id) => [id, registry.sessions[id].session_name as string]),
  );
}

const stateFiles = () => {
  const dir = home.path('playwright_sessions');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
};

describe('server process faults', () => {
  it('SIGTERM with live sessions and a keep-alive client: exit 0 in time, state saved, nothing left', {
    timeout: 180_000,
  }, async () => {
    const proc = await serve();
    for (const name of ['alpha', 'beta']) {
      expect((await api('POST', '/sessions', { name, url: site.at('/state') })).status).toBe(201);
      expect((await api('POST', `/sessions/${name}/navigate`, { url: site.at('/form') })).status).toBe(200);
    }
    // A client holding a keep-alive connection open.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    await new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/sessions',
          agent,
          headers: { authorization: `Bearer ${token()}` },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end();
    });
    const started = Date.now();
    proc.kill('SIGTERM');
    const { code } = await exited(proc);
    const elapsed = Date.now() - started;
    agent.destroy();
    expect(code).toBe(0);
    // Bounded by shutdownTimeoutMs (15 s by default), not held open by the keep-alive client: the
    // margin is wide so that a busy machine's slow teardown is not mistaken for a hang.
    expect(elapsed, 'SIGTERM to exit, ms').toBeLessThan(45_000);
    expect(existsSync(home.path('run', 'browser_session_server.pid'))).toBe(false);
    expect(pidsWithArg(`--marketbridge-owner=${proc.pid}`)).toEqual([]);
    expect(stateFiles().sort()).toEqual(['alpha.json', 'beta.json']);
    for (const f of stateFiles()) {
      const state = JSON.parse(readFileSync(home.path('playwright_sessions', f), 'utf8'));
      expect(JSON.stringify(state)).toContain(site.at('/form'));
    }
    const registry = JSON.parse(readFileSync(home.registryFile, 'utf8'));
    expect(Object.keys(registry.sessions)).toHaveLength(2);
  });

  it(`SIGKILL during registry and state writes, ${rounds} rounds (seed ${seed}): files parse, sessions restored`, {
    timeout: 180_000 + rounds * 60_000,
  }, async () => {
    console.log(`server kill rounds: MB_KILL_SEED=${seed} MB_KILL_ROUNDS=${rounds}`);
    let state = seed >>> 0;
    const random = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const keepers = ['k1', 'k2', 'k3'];
    let locksLeft = 0;
    /** The sessions the registry listed as active when the server was killed, by id. */
    let activeAtKill = new Map<string, string>();
    for (let round = 0; round < rounds; round++) {
      const proc = await serve();
      // Every session the registry listed as active at the kill is back, same id.
      if (round > 0) {
        for (const [id, name] of activeAtKill) {
          const back = await eventually(
            async () => {
              const r = await api<{ id: string; status: string }>('GET', `/sessions/${id}`);
              return r.status === 200 && r.body.status === 'active' && r.body;
            },
            `round ${round}: ${name} restored`,
            30_000,
          );
          expect(back.id).toBe(id);
          const r = await api<{ result: string }>('POST', `/sessions/${id}/execute`, {
            script: 'location.pathname',
          });
          expect(r.status, `round ${round}: ${name}`).toBe(200);
        }
      }
      for (const name of keepers) {
        const r = await api('POST', '/sessions', { name, url: site.at('/state'), reuse: true });
        expect([200, 201]).toContain(r.status);
      }
      // Churn: navigations (state saves), short-lived sessions (registry writes), until the kill.
      let stop = false;
      const churn = (async () => {
        for (let i = 0; !stop && i < 1000; i++) {
          const name = keepers[i % keepers.length] as string;
          await api('POST', `/sessions/${name}/navigate`, { url: site.at(i % 2 ? '/form' : '/state') }).catch(
            () => undefined,
          );
          await api('POST', '/sessions', { name: `tmp-${round}-${i}` }).catch(() => undefined);
          await api('DELETE', `/sessions/tmp-${round}-${i}`).catch(() => undefined);
        }
      })();
      await new Promise((r) => setTimeout(r, 200 + random() * 1500));
      proc.kill('SIGKILL');
      await exited(proc);
      stop = true;
      await churn;
      // A kill inside an update leaves the registry lock behind; the next start must take it over.
      if (existsSync(`${home.registryFile}.lock`)) locksLeft++;
      // The files on disk always parse.
      activeAtKill = readActive();
      // The keepers were written before the churn began, so they at least are listed.
      expect([...activeAtKill.values()]).toEqual(expect.arrayContaining(keepers));
      for (const f of stateFiles())
        expect(() => JSON.parse(readFileSync(home.path('playwright_sessions', f), 'utf8')), f).not.toThrow();
      await eventually(() => !isAlive(proc.pid as number), 'the server to be gone');
    }
    console.log(`server kill rounds: ${locksLeft} of ${rounds} kills left the registry lock behind`);
    // A kill inside an update leaves the lock behind only now and then (see the count above): make sure
    // the last start meets one, as a killed writer leaves it (proper-lockfile's lock directory, its
    // mtime no longer refreshed). Restoring writes the registry, so it must take the lock over.
    const lock = `${home.registryFile}.lock`;
    if (!existsSync(lock)) mkdirSync(lock);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);
    // The last start: everything active comes back, then a clean stop leaves nothing running.
    const last = await serve();
    for (const id of activeAtKill.keys()) {
      await eventually(
        async () => {
          const r = await api<{ status: string }>('GET', `/sessions/${id}`);
          return r.status === 200 && r.body.status === 'active';
        },
        `${id} restored`,
        30_000,
      );
    }
    // The lock was taken over and released: the restore wrote the registry through it.
    await eventually(() => !existsSync(lock), 'the stale lock to be taken over and released', 30_000);
    expect(readActive()).toEqual(activeAtKill);
    last.kill('SIGTERM');
    expect((await exited(last)).code).toBe(0);
    expect(pidsWithArg(`--marketbridge-owner=${last.pid}`)).toEqual([]);
  });
});
