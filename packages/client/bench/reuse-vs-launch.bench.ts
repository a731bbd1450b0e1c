// A fresh process that reuses a named session and does its first action, against a fresh process that
// launches Chromium itself and does the same action: the reason the daemon exists. Same machine, same run.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
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

// Each script prints the ms from process start to its first action done, and from its first line (before
// it imports anything: the imports are dynamic so that they count) to the same point.
const reuseByNameScript = `const t0 = performance.now();
const { BrowserClient } = await import(${JSON.stringify(clientEntry)});
const client = new BrowserClient(process.env.SERVER_URL, { token: process.env.TOKEN });
const session = await client.session('bench');
await session.executeJs('document.title');
console.log(performance.now(), performance.now() - t0);
`;
const reuseLookupScript = `const t0 = performance.now();
const { BrowserClient } = await import(${JSON.stringify(clientEntry)});
const client = new BrowserClient(process.env.SERVER_URL, { token: process.env.TOKEN });
const session = await client.getSession('bench');
await session.executeJs('document.title');
console.log(performance.now(), performance.now() - t0);
`;
const launchScript = `const t0 = performance.now();
const { default: playwright } = await import(${JSON.stringify(playwrightEntry)});
const { chromium } = playwright;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
const page = await browser.newPage();
await page.goto(process.env.SITE);
await page.evaluate('document.title');
console.log(performance.now(), performance.now() - t0);
await browser.close();
`;
const bareScript = 'console.log(performance.now(), 0);\n';
const kinds = ['byName', 'lookup', 'launch', 'bare'] as const;
const scripts: Record<(typeof kinds)[number], string> = {
  byName: reuseByNameScript,
  lookup: reuseLookupScript,
  launch: launchScript,
  bare: bareScript,
};

export default async function bench(): Promise<BenchSection> {
  const home = mkdtempSync(join(tmpdir(), 'mb-bench-client-'));
  const site = await startTestSite();
  const server = await createServer({ home, port: 0, consoleLogLevel: false });
  for (const kind of kinds) writeFileSync(join(home, `${kind}.mjs`), scripts[kind]);
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
    const samples = { byName: fresh(), lookup: fresh(), launch: fresh(), bare: fresh() };
    const n = 10;
    for (let i = 0; i < n + 1; i++) {
      for (const kind of i % 2 ? kinds : [...kinds].reverse()) {
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
    const ratio = (kind: 'byName' | 'lookup', k: keyof Samples) =>
      (median(samples.launch[k]) / median(samples[kind][k])).toFixed(1);
    return {
      title: 'client: a new process reusing a named session vs launching Chromium',
      description:
        'Each sample is a fresh `node` process; the four kinds are alternated (order reversed every other round). "by name" imports @marketbridge/client, takes `client.session(\'bench\')` (no request) and runs `document.title` on it: one round trip. "lookup" does the same through `getSession(\'bench\')` first: two. "launch" imports playwright-core, launches Chromium, opens the page and runs the same script. "first line" counts from the script\'s first line, before its (dynamic) imports; "process start" adds Node\'s start-up; "wall" adds process exit. "node alone" is a script that only prints: Node\'s own start-up.',
      table: [
        [
          'process',
          'n',
          'first line to first action, median ms',
          'process start to first action, median ms',
          'p95',
          'wall median ms',
        ],
        row('reuse a named session by name (client.session)', samples.byName),
        row('reuse a named session after a lookup (getSession)', samples.lookup),
        row('launch Chromium itself (playwright-core)', samples.launch),
        row('node alone (start-up only)', samples.bare),
      ],
      notes: [
        `By name, reuse is ${ratio('byName', 'script')}x faster than launching Chromium from the script's first line, ${ratio('byName', 'first')}x counting Node's start-up, ${ratio('byName', 'wall')}x in wall time (after a lookup: ${ratio('lookup', 'script')}x, ${ratio('lookup', 'first')}x, ${ratio('lookup', 'wall')}x). Goals (#18): >= 100x from the first line, >= 8x counting Node's start-up.`,
        "Where a new process's time went (profiled by hand on 2026-12-02, CPU ms of each phase in its own process, minimum of 6, load average 10-16 on 2 cores so every figure is inflated several times): importing the client was 305 ms CPU before this change, of which zod's import 135 and building every schema of api-types' route table about 100 (api-types alone: 236), ky 88; after (the client imports only the zod-free `@marketbridge/api-types/wire`) it is 110, nearly all ky, whose import makes a `Request` and so loads Node's bundled undici (fetch's own first call costs the same 52-56 ms when ky has not loaded it; `node:http` costs 7). Resolving the URL and token from arguments took ~1-2 ms; the lookup round trip (`getSession`) is gone with `client.session(name)`. What was left then: Node's start-up, loading undici for the first request, and the one round trip with the server's work.",
        "Since the client's calls go over `node:http` (ky and fetch are loaded only for a stream or a custom `fetch`), neither its import nor its first call loads undici: CPU ms from a new process's first line to its first call done (the import, then `client.session(name).executeJs`, against a bare server; minimum of 10, load average 4-5 on 2 cores) went from 69.5 (import 45.7) to 27.7 (import 16.3). What is left is Node's start-up and the one round trip with the server's work.",
        `Load average when the run ended: ${loadavg()
          .map((l) => l.toFixed(2))
          .join(', ')} (1, 5, 15 min).`,
      ],
    };
  } finally {
    await server.close();
    await site.close();
    rmSync(home, { recursive: true, force: true });
  }
}
