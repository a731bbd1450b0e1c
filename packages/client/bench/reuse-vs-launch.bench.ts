// A fresh process that reuses a named session and does its first action, against a fresh process that
// launches Chromium itself and does the same action: the reason the daemon exists. Same machine, same run.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { locateBrowser } from '@marketbridge/browser-manager';
import { createServer } from '@marketbridge/server';
import { startTestSite } from '@marketbridge/test-helpers';
import type { BenchSection } from '../../../bench/types.js';
import { fmtMs, median, percentile } from '../../../bench/types.js';

const run = promisify(execFile);
const clientEntry = new URL('../dist/index.js', import.meta.url).href;
// playwright-core is browser-manager's dependency, not the client's: resolve it from there.
const playwrightEntry = createRequire(new URL('../../browser-manager/package.json', import.meta.url)).resolve(
  'playwright-core',
);

// Each script prints the ms from process start to its first action done, and the same from after its imports.
const reuseScript = `import { BrowserClient } from ${JSON.stringify(clientEntry)};
const t0 = performance.now();
const client = new BrowserClient(process.env.SERVER_URL, { token: process.env.TOKEN });
const session = await client.getSession('bench');
await session.executeJs('document.title');
console.log(performance.now(), performance.now() - t0);
`;
const launchScript = `import playwright from ${JSON.stringify(playwrightEntry)};
const { chromium } = playwright;
const t0 = performance.now();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
const page = await browser.newPage();
await page.goto(process.env.SITE);
await page.evaluate('document.title');
console.log(performance.now(), performance.now() - t0);
await browser.close();
`;

export default async function bench(): Promise<BenchSection> {
  const home = mkdtempSync(join(tmpdir(), 'mb-bench-client-'));
  const site = await startTestSite();
  const server = await createServer({ home, port: 0, consoleLogLevel: false });
  writeFileSync(join(home, 'reuse.mjs'), reuseScript);
  writeFileSync(join(home, 'launch.mjs'), launchScript);
  const env = {
    ...process.env,
    SERVER_URL: server.url,
    TOKEN: server.token ?? '',
    SITE: site.at('/form'),
    CHROMIUM: locateBrowser('chromium').executablePath,
  };
  try {
    const setup = await fetch(`${server.url}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ name: 'bench', url: site.at('/form') }),
    });
    if (!setup.ok) throw new Error(`could not create the bench session: ${await setup.text()}`);
    const fresh = () => ({ wall: [] as number[], first: [] as number[], script: [] as number[] });
    const samples = { reuse: fresh(), launch: fresh() };
    const n = 10;
    for (let i = 0; i < n + 1; i++) {
      for (const kind of ['reuse', 'launch'] as const) {
        const started = performance.now();
        const { stdout } = await run(process.execPath, [join(home, `${kind}.mjs`)], { env });
        if (i === 0) continue; // warm-up: disk caches
        samples[kind].wall.push(performance.now() - started);
        const [first, script] = stdout.trim().split(' ').map(Number) as [number, number];
        samples[kind].first.push(first);
        samples[kind].script.push(script);
      }
    }
    type Samples = ReturnType<typeof fresh>;
    const row = (label: string, s: Samples) => [
      label,
      n,
      fmtMs(median(s.script)),
      fmtMs(median(s.first)),
      fmtMs(percentile(s.first, 95)),
      fmtMs(median(s.wall)),
    ];
    const ratio = (k: keyof Samples) => (median(samples.launch[k]) / median(samples.reuse[k])).toFixed(1);
    return {
      title: 'client: a new process reusing a named session vs launching Chromium',
      description:
        'Each sample is a fresh `node` process. "reuse" imports @marketbridge/client, finds the live session `bench` by name and runs `document.title`; "launch" imports playwright-core, launches Chromium, opens the page and runs the same script. "script" counts from the module body (after imports); "process start" includes Node start-up and imports; "wall" adds process exit.',
      table: [
        [
          'process',
          'n',
          'script to first action, median ms',
          'process start to first action, median ms',
          'p95',
          'wall median ms',
        ],
        row('reuse a named session (client)', samples.reuse),
        row('launch Chromium itself (playwright-core)', samples.launch),
      ],
      notes: [
        `Reuse is ${ratio('script')}x faster from the script's first line, ${ratio('first')}x counting Node's start-up and imports, ${ratio('wall')}x in wall time. Target: >= 20x.`,
        "Counting from process start, Node itself (about 50-90 ms to boot here) plus loading ky and the first fetch bound the reuse side; no client can be 20x faster than a bare Node process that launches Chromium in ~700 ms. The script-time ratio is the daemon's own contribution.",
      ],
    };
  } finally {
    await server.close();
    await site.close();
    rmSync(home, { recursive: true, force: true });
  }
}
