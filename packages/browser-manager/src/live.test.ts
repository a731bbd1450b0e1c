import { eventually } from '@marketbridge/test-helpers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScreencastFrame } from './screencast.js';
import { useManager } from './test-fixtures/manager-fixture.js';

// reapOrphans off: recovery.slow.test.ts leaves an orphan on purpose while this file runs in parallel.
const fx = useManager({ reapOrphans: false });

beforeAll(async () => {
  await fx.manager.createSession({
    name: 'live',
    url: fx.site.at('/form'),
    viewport: { width: 800, height: 600 },
  });
});

async function centre(selector: string): Promise<{ x: number; y: number }> {
  return (await fx.manager.execute(
    'live',
    'const r = document.querySelector(args[0]).getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 };',
    [selector],
  )) as { x: number; y: number };
}

describe('screencast', () => {
  it('pushes JPEG frames of the active page with its viewport, follows navigation, stops with the last subscriber', async () => {
    const frames: ScreencastFrame[] = [];
    const sub = fx.manager.screencast('live', (f) => frames.push(f), { quality: 50 });
    const first = await eventually(() => frames[0], 'a first frame');
    expect(first.mode).toBe('screencast');
    expect(first.data.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(first.viewport).toEqual({ width: 800, height: 600 });
    expect(Math.abs(Date.now() - first.timestamp)).toBeLessThan(10_000);
    expect(fx.manager.activeScreencasts).toBe(1);

    await fx.manager.navigate('live', { url: fx.site.at('/') });
    await eventually(() => frames.find((f) => f.url === fx.site.at('/')), 'a frame of the new page');

    // A late subscriber gets the newest frame at once, though the page does not change.
    const late: ScreencastFrame[] = [];
    const second = fx.manager.screencast('live', (f) => late.push(f));
    await eventually(() => late[0], 'the newest frame for a late subscriber');
    sub.close();
    expect(fx.manager.activeScreencasts).toBe(1);
    second.close();
    second.close();
    expect(fx.manager.activeScreencasts).toBe(0);
    await fx.manager.navigate('live', { url: fx.site.at('/form') });
  });

  it('falls back to screenshot polling (the mode used for Firefox and WebKit)', async () => {
    const frames: ScreencastFrame[] = [];
    const sub = fx.manager.screencast('live', (f) => frames.push(f), { mode: 'poll', pollIntervalMs: 50 });
    try {
      const first = await eventually(() => frames[0], 'a polled frame');
      expect(first).toMatchObject({ mode: 'poll', viewport: { width: 800, height: 600 } });
      await fx.manager.execute('live', "document.body.style.background = 'rgb(200, 30, 30)'");
      await eventually(() => frames[1], 'a frame after the page changed');
    } finally {
      sub.close();
    }
  });
});

describe('input', () => {
  it('clicks at viewport coordinates, types, presses keys and scrolls', async () => {
    const name = await centre('#name');
    await fx.manager.input('live', { type: 'click', ...name });
    await fx.manager.input('live', { type: 'type', text: 'Ada' });
    const go = await centre('#go');
    await fx.manager.input('live', { type: 'click', ...go });
    expect(await fx.manager.execute('live', "document.getElementById('out').textContent")).toBe(
      'clicked:Ada:red:false',
    );

    await fx.manager.input('live', { type: 'click', ...(await centre('#keys')) });
    await fx.manager.input('live', { type: 'press', key: 'ArrowDown' });
    expect(await fx.manager.execute('live', "document.getElementById('out').textContent")).toBe(
      'key:ArrowDown',
    );

    await fx.manager.execute('live', "document.body.style.height = '5000px'");
    await fx.manager.input('live', { type: 'wheel', x: 100, y: 100, deltaY: 400 });
    await eventually(
      async () => ((await fx.manager.execute('live', 'scrollY')) as number) > 0 || undefined,
      'the page to scroll',
    );
    await expect(fx.manager.input('live', { type: 'press', key: 'NoSuchKey' })).rejects.toMatchObject({
      code: 'action_failed',
    });
  });
});

describe('history', () => {
  it('goes back, forward and reloads', async () => {
    await fx.manager.navigate('live', { url: fx.site.at('/') });
    await fx.manager.navigate('live', { url: fx.site.at('/form') });
    expect(await fx.manager.history('live', { action: 'back' })).toEqual({
      url: fx.site.at('/'),
      title: 'Home',
      moved: true,
    });
    expect(await fx.manager.history('live', { action: 'forward' })).toMatchObject({
      url: fx.site.at('/form'),
    });
    expect(await fx.manager.history('live', { action: 'forward' })).toMatchObject({ moved: false });
    await fx.manager.execute('live', 'window.marker = 1');
    expect(await fx.manager.history('live', { action: 'reload' })).toMatchObject({
      title: 'Form',
      moved: true,
    });
    expect(await fx.manager.execute('live', 'window.marker ?? null')).toBeNull();
  });
});
