// Why a long-lived context grows on the server's side: Playwright's client keeps an object for each
// navigation's request and response (and one per console argument) until the context closes. Counted
// here directly — the number of objects Playwright's connection holds, a private field read for the
// measurement only — with the V8 heap after a full collection, for raw playwright-core and a session of
// the manager, and again after the session's context is recycled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startTestSite } from '@marketbridge/test-helpers';
import type { Page } from 'playwright-core';
import type { BenchSection } from '../../../bench/types.js';
import { rawAndManager } from './raw-and-manager.js';

const NAVIGATIONS = Number(process.env.MB_GROWTH_NAVIGATIONS ?? 500);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const liveObjects = (page: Page) =>
  (page as unknown as { _connection: { _objects: Map<string, unknown> } })._connection._objects.size;

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

interface Reading {
  objects: number;
  heapMb: number;
}

async function read(page: Page): Promise<Reading> {
  return { objects: liveObjects(page), heapMb: heapMb() };
}

export default async function bench(): Promise<BenchSection> {
  const home = mkdtempSync(join(tmpdir(), 'mb-bench-'));
  const site = await startTestSite();
  // A page that logs, as trading UIs do: one console call with two arguments per load.
  const url = site.at('/form');
  const script = `console.log('loaded', { at: Date.now() }); 1`;
  const rows: (string | number)[][] = [];
  const row = (way: string, before: Reading, after: Reading, n: number) =>
    rows.push([
      way,
      n,
      `${before.objects} → ${after.objects}`,
      ((after.objects - before.objects) / n).toFixed(2),
      `${before.heapMb.toFixed(1)} → ${after.heapMb.toFixed(1)}`,
      (((after.heapMb - before.heapMb) * 1024) / n).toFixed(1),
    ]);

  const { raw, manager } = await rawAndManager(home);
  try {
    const context = await raw.newContext();
    const page = await context.newPage();
    page.on('console', () => {});
    await page.goto(url);
    const rawBefore = await read(page);
    for (let i = 0; i < NAVIGATIONS; i++) {
      await page.goto(url);
      await page.evaluate(script);
    }
    row('raw playwright-core: goto, and a console listener', rawBefore, await read(page), NAVIGATIONS);
    await context.close();
    row('raw playwright-core: after context.close()', rawBefore, await read(page), NAVIGATIONS);

    const { session } = await manager.createSession({ name: 'growth', url });
    const pageOf = () => manager.withPage(session.id, async (p) => p);
    const before = await read(await pageOf());
    for (let i = 0; i < NAVIGATIONS; i++) {
      await manager.navigate(session.id, { url });
      await manager.execute(session.id, script);
    }
    row('manager session: navigate (console recorded)', before, await read(await pageOf()), NAVIGATIONS);
    await manager.recycleSession(session.id);
    row('manager session: after recycleSession()', before, await read(await pageOf()), NAVIGATIONS);
  } finally {
    await manager.close({ timeoutMs: 10_000 });
    await raw.close();
    await site.close();
    rmSync(home, { recursive: true, force: true });
  }

  return {
    title: 'Why a long-lived context grows: what Playwright keeps per navigation',
    description:
      `${NAVIGATIONS} navigations of one page, each followed by a script that logs one message with two ` +
      "arguments. Objects: the number Playwright's client connection holds (its private `_objects` map, read " +
      'for this measurement only). Heap: V8 heap used by this process after a full collection.',
    table: [
      [
        'way',
        'navigations',
        'Playwright objects',
        'objects per navigation',
        'heap MB',
        'heap kB per navigation',
      ],
      ...rows,
    ],
    notes: [
      'Playwright keeps a request and a response object for each navigation until the context closes (its own ' +
        'cap is 10 000 of each per connection, after which it drops the oldest tenth). The manager releases the ' +
        'console arguments it records, so only the navigation records remain; recycling the context releases ' +
        'those too. MB_GROWTH_NAVIGATIONS changes the count.',
    ],
  };
}
