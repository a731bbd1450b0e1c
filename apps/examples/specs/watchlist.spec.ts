// Run by the "vitest spec with a session" example: a spec that gets a ready page from the daemon
// instead of launching a browser, through withSession.
import { withSession } from '@marketbridge/client';
import { expect, it } from 'vitest';

it('the watchlist page has a subscription form', () =>
  withSession('example-spec', async (session) => {
    const target = process.env.MARKETBRIDGE_URL as string;
    if (!session.info.currentUrl.startsWith(target)) await session.navigate(target);
    expect(await session.executeJs('!!document.querySelector("#subscription-form")')).toBe(true);
    const runs = await session.executeJs<number>(
      "const n = Number(localStorage.getItem('spec-runs') ?? 0) + 1; localStorage.setItem('spec-runs', String(n)); return n;",
    );
    expect(runs).toBeGreaterThan(0);
  }));
