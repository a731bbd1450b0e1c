// Repeated 401s from one address are slowed down; good requests never are. The rule on a fake clock,
// then over real HTTP, shown by order (a good request sent after a held-back 401 answers first) and by
// the X-Auth-Delay-Ms header — no wall-clock bound tighter than "not sooner than the delay".
import { ErrorBodySchema } from '@marketbridge/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthThrottle, DEFAULT_AUTH_THROTTLE } from './http/auth-throttle.js';
import { resolveServerOptions } from './options.js';
import { startServer, type TestServer } from './test-fixtures/server.js';

describe('AuthThrottle', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('lets freeFailures through, then delays each further failure, doubling up to the cap', () => {
    const c = clock();
    const throttle = new AuthThrottle({ freeFailures: 3, firstDelayMs: 100, maxDelayMs: 1000 }, c.now);
    const delays = Array.from({ length: 10 }, () => throttle.failure('10.0.0.1').delayMs);
    expect(delays).toEqual([0, 0, 0, 100, 200, 400, 800, 1000, 1000, 1000]);
    // Another address has its own count.
    expect(throttle.failure('10.0.0.2')).toEqual({ failures: 1, delayMs: 0 });
    // A long run stays at the cap (no overflow to Infinity or NaN).
    for (let i = 0; i < 5000; i++) throttle.failure('10.0.0.1');
    expect(throttle.failure('10.0.0.1').delayMs).toBe(1000);
  });

  it('forgets an address after a quiet window, not before', () => {
    const c = clock();
    const throttle = new AuthThrottle({ freeFailures: 1, windowMs: 60_000 }, c.now);
    throttle.failure('a');
    c.advance(59_000);
    expect(throttle.failure('a').failures).toBe(2);
    c.advance(59_000); // each failure starts the window again
    expect(throttle.failure('a').failures).toBe(3);
    c.advance(60_001);
    expect(throttle.failuresOf('a')).toBe(0);
    expect(throttle.failure('a')).toEqual({ failures: 1, delayMs: 0 });
  });

  it('remembers at most maxAddresses, forgetting the one whose last failure is oldest', () => {
    const c = clock();
    const throttle = new AuthThrottle({ maxAddresses: 100 }, c.now);
    for (let i = 0; i < 10_000; i++) {
      throttle.failure(`10.0.${i >> 8}.${i & 255}`);
      c.advance(1);
    }
    expect(throttle.size).toBe(100);
    expect(throttle.failuresOf('10.0.0.0')).toBe(0);
    expect(throttle.failuresOf(`10.0.${9_999 >> 8}.${9_999 & 255}`)).toBe(1);
    // A busy address stays: it is moved to the end on each failure.
    for (let i = 0; i < 30; i++) throttle.failure('attacker');
    for (let i = 0; i < 99; i++) throttle.failure(`fresh-${i}`);
    expect(throttle.failuresOf('attacker')).toBe(30);
  });

  it('is on by default, and off with authThrottle: false', () => {
    expect(resolveServerOptions({ home: '/tmp/x' }, {}).authThrottle).toEqual(DEFAULT_AUTH_THROTTLE);
    expect(resolveServerOptions({ home: '/tmp/x', authThrottle: false }, {}).authThrottle).toBe(false);
    expect(
      resolveServerOptions({ home: '/tmp/x', authThrottle: { freeFailures: 5 } }, {}).authThrottle,
    ).toEqual({ ...DEFAULT_AUTH_THROTTLE, freeFailures: 5 });
    expect(() => resolveServerOptions({ home: '/tmp/x', authThrottle: { maxDelayMs: -1 } }, {})).toThrow(
      /authThrottle\.maxDelayMs/,
    );
  });
});

describe('over HTTP', () => {
  const FREE = 3;
  const DELAY = 1_000;
  let t: TestServer;

  beforeAll(async () => {
    t = await startServer({
      authThrottle: { freeFailures: FREE, firstDelayMs: DELAY, maxDelayMs: DELAY },
    });
  });
  afterAll(async () => {
    await t?.close();
    t?.home.remove();
  });

  const wrong = () => t.api('GET', '/sessions', undefined, { authorization: 'Bearer not-the-token' });
  const good = () => t.api('GET', '/sessions');

  it('answers the first failures at once and says the token was refused or missing', async () => {
    const missing = await t.api('GET', '/sessions', undefined, { authorization: '' });
    expect(missing.status).toBe(401);
    expect(ErrorBodySchema.parse(missing.body).error).toMatchObject({
      message: expect.stringMatching(/^Missing API token/),
      details: { token: 'missing' },
    });
    for (let i = 1; i < FREE; i++) {
      const res = await wrong();
      expect(res.status).toBe(401);
      expect(res.headers.get('x-auth-delay-ms')).toBeNull();
      expect(ErrorBodySchema.parse(res.body).error).toMatchObject({
        message: expect.stringMatching(/^The API token sent was refused/),
        details: { token: 'refused' },
      });
    }
  });

  it('holds back the next 401; a good request sent after it answers first, undelayed', async () => {
    const order: string[] = [];
    const started = Date.now();
    const bad = wrong().then((res) => {
      order.push('bad');
      return { res, ms: Date.now() - started };
    });
    // The bad request is on its way first; the good one follows at once.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const ok = good().then((res) => {
      order.push('good');
      return res;
    });
    const [b, g] = await Promise.all([bad, ok]);
    expect(g.status).toBe(200);
    expect(g.headers.get('x-auth-delay-ms')).toBeNull();
    expect(b.res.status).toBe(401);
    expect(b.res.headers.get('x-auth-delay-ms')).toBe(String(DELAY));
    expect(order).toEqual(['good', 'bad']);
    // A timer never fires early: a lower bound is safe on a busy machine.
    expect(b.ms).toBeGreaterThanOrEqual(DELAY - 50);
  });

  it('keeps delaying while the failures go on (capped); good requests stay undelayed', async () => {
    const [again, ok] = await Promise.all([wrong(), good()]);
    expect(again.headers.get('x-auth-delay-ms')).toBe(String(DELAY));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-auth-delay-ms')).toBeNull();
  });

  it('counts a refused login code like a refused token', async () => {
    const res = await t.api('POST', '/auth/exchange', { code: 'made-up-code' });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-auth-delay-ms')).toBe(String(DELAY));
  });
});
