// Admission control: a bounded queue per session (maxQueuedOperations → 503 busy) and the session
// cap (maxSessions → 429), both with Retry-After, while the server and other sessions stay healthy.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './test-fixtures/server.js';

let t: TestServer;
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
  t = await startServer({ maxQueuedOperations: 5, maxSessions: 2, backgroundIntervalMs: 600_000 });
});

afterAll(async () => {
  await t?.close();
  await site?.close();
  t?.home.remove();
});

describe('admission control', () => {
  it('a full session queue answers 503 busy at once; queued work finishes; other sessions unaffected', async () => {
    expect((await t.api('POST', '/sessions', { name: 'jammed', url: site.at('/form') })).status).toBe(201);
    expect((await t.api('POST', '/sessions', { name: 'free', url: site.at('/form') })).status).toBe(201);

    const slow = t.api('POST', '/sessions/jammed/execute', {
      script: 'new Promise((r) => setTimeout(() => r("slow"), 1500))',
    });
    await new Promise((r) => setTimeout(r, 200));
    const burst = Array.from({ length: 15 }, (_, i) =>
      t.api<{ result?: number; error?: { code: string; message: string } }>(
        'POST',
        '/sessions/jammed/execute',
        {
          script: `${i}`,
        },
      ),
    );
    // Rejections come back at once: before the slow operation ahead of them has ended.
    const firstBusyAnswer = Promise.race(
      burst.map(async (p) => {
        const r = await p;
        if (r.status !== 503) await new Promise(() => undefined);
        return r;
      }),
    );
    expect(await Promise.race([firstBusyAnswer.then(() => 'busy'), slow.then(() => 'slow')])).toBe('busy');
    const firstBusy = await firstBusyAnswer;
    expect(firstBusy.body.error?.code).toBe('busy');
    expect(firstBusy.body.error?.message).toMatch(/jammed.*5 operations waiting.*limit 5/);
    expect(firstBusy.headers.get('retry-after')).toBe('1');

    // Meanwhile another session and /health answer normally.
    const other = await t.api<{ result: number }>('POST', '/sessions/free/execute', { script: '7' });
    expect(other.body.result).toBe(7);
    expect((await t.api('GET', '/health')).status).toBe(200);

    const answers = await Promise.all(burst);
    expect((await slow).body).toEqual({ result: 'slow' });
    expect(answers.filter((r) => r.status === 200)).toHaveLength(5);
    expect(answers.filter((r) => r.status === 503)).toHaveLength(10);
    // Drained: the session takes work again.
    expect(
      (await t.api<{ result: number }>('POST', '/sessions/jammed/execute', { script: '1 + 1' })).body.result,
    ).toBe(2);
  });

  it('past --max-sessions: 429 too_many_sessions with Retry-After; nothing created; the server keeps serving', async () => {
    // The records, not the bytes: the previous test's activity may still be written (throttled, ~1 s).
    const records = () => {
      const file = JSON.parse(readFileSync(t.home.registryFile, 'utf8')) as {
        sessions: Record<string, { session_name: string }>;
        active_sessions: string[];
      };
      return {
        sessions: Object.entries(file.sessions)
          .map(([id, r]) => `${id} ${r.session_name}`)
          .sort(),
        active: [...file.active_sessions].sort(),
      };
    };
    const before = records();
    expect(before.sessions).toHaveLength(2);
    const res = await t.api<{ error: { code: string; message: string } }>('POST', '/sessions', {
      name: 'third',
    });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('too_many_sessions');
    expect(res.body.error.message).toBe(
      'Already running 2 sessions, the limit (maxSessions) is 2. Delete or clean up sessions first.',
    );
    expect(res.headers.get('retry-after')).toBe('1');
    expect(records()).toEqual(before);
    const list = await t.api<{ sessions: { name: string }[] }>('GET', '/sessions');
    expect(list.status).toBe(200);
    expect(list.body.sessions.map((s) => s.name).sort()).toEqual(['free', 'jammed']);
  });

  // `ss` shows a listening socket's accept backlog in its Send-Q column (iproute2, Linux).
  const ss = (() => {
    try {
      execFileSync('ss', ['-V'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!ss)(
    'a burst of connections is queued by the kernel, not dropped: accept backlog 4096 (Node: 511)',
    () => {
      const port = new URL(t.url).port;
      const line = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).trim();
      const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
      expect(Number(line.split(/\s+/)[2])).toBe(Math.min(4096, somaxconn));
    },
  );
});
