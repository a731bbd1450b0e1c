// A page that logs keeps nothing alive: the handles Playwright makes for each console argument are
// released once the message is recorded, on our side and in the page.
import { eventually } from '@marketbridge/test-helpers';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { useManager } from './test-fixtures/manager-fixture.js';

const fx = useManager();

/** The objects Playwright's client holds for this process (a private field: what grows, measured). */
const liveObjects = (page: Page) =>
  (page as unknown as { _connection: { _objects: Map<string, unknown> } })._connection._objects.size;

it('console messages with object arguments leave no handles behind', async () => {
  const { session } = await fx.manager.createSession({ name: 'chatty', url: fx.site.at('/form') });
  const before = await fx.manager.withPage(session.id, async (page) => liveObjects(page));

  const messages = 300;
  await fx.manager.execute(
    session.id,
    `for (let i = 0; i < ${messages}; i++) console.log('tick', i, { bid: i, ask: i + 1 }, [i]); 1`,
  );
  await eventually(
    () => fx.manager.console(session.id).some((e) => e.text.startsWith(`tick ${messages - 1} `)),
    'the last message to be recorded',
    10_000,
  );
  expect(fx.manager.console(session.id, 1)[0]?.text).toBe(
    `tick ${messages - 1} {bid: ${messages - 1}, ask: ${messages}} [${messages - 1}]`,
  );

  // Three handles per message (900) without the release; a few in flight at most with it.
  const after = await eventually(
    () =>
      fx.manager.withPage(session.id, async (page) => {
        const now = liveObjects(page);
        return now - before < 20 && now;
      }),
    'the argument handles to be released',
    10_000,
  );
  expect(after - before).toBeLessThan(20);
});

it('keeps the handles when another listener (added through withPage) may read them', async () => {
  const { session } = await fx.manager.createSession({ name: 'watched', url: fx.site.at('/form') });
  const read: unknown[] = [];
  await fx.manager.withPage(session.id, async (page) => {
    page.on('console', async (msg) => read.push(await msg.args()[1]?.jsonValue()));
  });
  await fx.manager.execute(session.id, `console.log('quote', { bid: 101.5 }); 1`);
  await eventually(() => read.length === 1, 'the other listener to read the argument', 10_000);
  expect(read).toEqual([{ bid: 101.5 }]);
  expect(fx.manager.console(session.id, 1)[0]?.text).toBe('quote {bid: 101.5}');
});
