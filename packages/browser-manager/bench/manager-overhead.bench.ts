// browser-manager against raw playwright-core, same machine, same run, same launch flags.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSite } from '@marketbridge/test-helpers';
import type { BenchSection } from '../../../bench/types.js';
import { alternate, fmtMs, median, percentile, type Timed } from '../../../bench/types.js';
import { rawAndManager } from './raw-and-manager.js';

/** Raw Playwright first, the manager second, alternating. */
async function compare(n: number, raw: Timed, managed: Timed): Promise<{ raw: number[]; managed: number[] }> {
  const { a, b } = await alternate(n, raw, managed, 3);
  return { raw: a, managed: b };
}

export default async function bench(): Promise<BenchSection> {
  const home = mkdtempSync(join(tmpdir(), 'mb-bench-'));
  const site = await startTestSite();
  const { raw, manager } = await rawAndManager(home);
  const viewport = { width: 1280, height: 800 };
  try {
    const rows: (string | number)[][] = [];
    const add = (what: string, n: number, r: { raw: number[]; managed: number[] }) => {
      const [rm, mm] = [median(r.raw), median(r.managed)];
      rows.push([
        what,
        n,
        fmtMs(rm),
        fmtMs(percentile(r.raw, 95)),
        fmtMs(mm),
        fmtMs(percentile(r.managed, 95)),
        `${(((mm - rm) / rm) * 100).toFixed(1)}%`,
      ]);
    };

    let k = 0;
    add(
      'create session vs newContext()+newPage()',
      30,
      await compare(
        30,
        async () => {
          const context = await raw.newContext({ viewport });
          await context.newPage();
          await context.close();
        },
        async () => {
          const name = `b${k++}`;
          await manager.createSession({ name });
          await manager.closeSession(name);
        },
      ),
    );

    const context = await raw.newContext({ viewport });
    const page = await context.newPage();
    await manager.createSession({ name: 'ops' });
    const url = site.at('/form');
    await page.goto(url);
    await manager.navigate('ops', { url });

    add(
      'navigate (+ title)',
      50,
      await compare(
        50,
        async () => {
          await page.goto(url);
          await page.title();
        },
        () => manager.navigate('ops', { url }),
      ),
    );
    add(
      'execute `document.title`',
      200,
      await compare(
        200,
        () => page.evaluate('document.title'),
        () => manager.execute('ops', 'document.title'),
      ),
    );
    add(
      'screenshot (viewport, png)',
      30,
      await compare(
        30,
        () => page.screenshot(),
        () => manager.screenshot('ops'),
      ),
    );

    return {
      title: 'browser-manager vs raw playwright-core',
      description:
        'Each row alternates the raw Playwright call and the same operation through BrowserManager (serialised queue, timeouts, error mapping, JSON result checks, state saves after activity). Create includes closing the context, on both sides. Target: under 5% added.',
      table: [
        ['operation', 'n', 'raw median ms', 'raw p95', 'manager median ms', 'manager p95', 'added (median)'],
        ...rows,
      ],
      notes: [
        "The manager's create also loads saved state (none here), parses the options and attaches a DevTools session used to interrupt stuck scripts (in the background).",
      ],
    };
  } finally {
    await manager.close();
    await raw.close();
    await site.close();
    rmSync(home, { recursive: true, force: true });
  }
}
