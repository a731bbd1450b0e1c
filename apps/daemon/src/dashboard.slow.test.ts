import { readFileSync } from 'node:fs';
import { createTempHome, type TempHome } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mbBrowser } from './test-fixtures/cli.js';

let home: TempHome;
const cli = (...args: string[]) => mbBrowser(home.dir, args);

beforeAll(() => {
  home = createTempHome();
});
afterAll(async () => {
  await cli('stop');
  home?.remove();
});

/** Exchanges the code of a `/ui#code=...` link the way the dashboard page does. */
async function exchange(link: string): Promise<number> {
  const url = new URL(link);
  const code = url.hash.replace(/^#code=/, '');
  const res = await fetch(`${url.origin}/auth/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (res.ok) expect(await res.json()).toEqual({ token: readFileSync(home.path('token'), 'utf8').trim() });
  return res.status;
}

describe('mb-browser dashboard', () => {
  it('says when no server runs', async () => {
    const result = await cli('dashboard');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('not running');
  });

  it('start and dashboard print one-time links that open the dashboard once; the token is not in them', async () => {
    const started = await cli('start', '--port', '0');
    expect(started.code, started.stderr).toBe(0);
    const fromStart = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/ui#code=[\w-]+)/.exec(started.stdout)?.[1];
    expect(fromStart, started.stdout).toBeDefined();

    const printed = await cli('dashboard', '--json');
    expect(printed.code, printed.stderr).toBe(0);
    const link = JSON.parse(printed.stdout) as { url: string; expiresAt: string };
    expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ui#code=[\w-]+$/);
    const token = readFileSync(home.path('token'), 'utf8').trim();
    for (const out of [started.stdout, printed.stdout]) expect(out).not.toContain(token);

    expect(await exchange(link.url)).toBe(200);
    expect(await exchange(link.url)).toBe(401);
    expect(await exchange(fromStart as string)).toBe(200);
    const page = await fetch(link.url.split('#')[0] as string);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>MarketBridge sessions</title>');
  });
});
