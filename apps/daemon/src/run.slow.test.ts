import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDemoMarketBridge } from '@marketbridge/controller/testing';
import { createTempHome, startTestSite, type TempHome } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mbBrowser } from './test-fixtures/cli.js';

// One daemon for the file: each test runs its snippets in a session of its own ('dev', 'mb'), so
// neither needs a server of its own.
let home: TempHome;
beforeAll(async () => {
  home = createTempHome();
  const started = await mbBrowser(home.dir, ['start', '--port', '0']);
  if (started.code !== 0) throw new Error(started.stderr);
});
afterAll(async () => {
  if (home) await mbBrowser(home.dir, ['stop']);
  home?.remove();
});

it("runs a snippet twice against the same session; the second run sees the first one's state", async () => {
  await using site = await startTestSite();
  const snippet = home.path('snippet.ts');
  writeFileSync(
    snippet,
    `import type { SessionHandle } from '@marketbridge/client';
export default async ({ session, controller }: { session: SessionHandle; controller: { listSubscriptions(): unknown } }) => {
  if (!session.info.currentUrl.startsWith('http')) await session.navigate(${JSON.stringify(site.at('/form'))});
  const n = await session.executeJs<number>("const n = Number(localStorage.getItem('runs') ?? 0) + 1; localStorage.setItem('runs', String(n)); return n;");
  return { n, controller: typeof controller.listSubscriptions };
};
`,
  );
  const first = await mbBrowser(home.dir, ['run', 'dev', snippet, '--json']);
  expect(first.code, first.stderr).toBe(0);
  expect(JSON.parse(first.stdout)).toEqual({ session: 'dev', result: { n: 1, controller: 'function' } });
  const second = await mbBrowser(home.dir, ['run', 'dev', snippet, '--json']);
  expect(JSON.parse(second.stdout)).toEqual({ session: 'dev', result: { n: 2, controller: 'function' } });
  const missing = await mbBrowser(home.dir, ['run', 'dev', home.path('nope.ts')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('no snippet at');
});

it('runs the shipped snippet template against the demo MarketBridge', async () => {
  await using demo = await startDemoMarketBridge();
  const template = fileURLToPath(new URL('../../examples/snippets/template.ts', import.meta.url));
  const result = await mbBrowser(home.dir, ['run', 'mb', template, '--json'], {
    MARKETBRIDGE_URL: demo.url,
  });
  expect(result.code, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout).result).toMatchObject({
    ready: true,
    status: { connected: true },
    subscriptions: [],
  });
});
