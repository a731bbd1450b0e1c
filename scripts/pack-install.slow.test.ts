import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'mb-pack-'));
const packed: Record<string, string> = {};

// Packed the way `pnpm publish` would (workspace:^ becomes a real version), then installed with plain npm.
const packages = [
  'api-types',
  'registry',
  'browser-manager',
  'client',
  'server',
  'marketbridge-controller',
  'daemon',
];

beforeAll(async () => {
  // One `pnpm -r pack` for all of them: the same tarballs as a `pnpm pack` in each folder, one pnpm
  // start instead of seven.
  const dirs = packages.map((name) => (name === 'daemon' ? `./apps/${name}` : `./packages/${name}`));
  const dest = join(work, 'tarballs');
  const { stdout } = await run(
    'pnpm',
    ['-r', ...dirs.flatMap((dir) => ['--filter', dir]), 'pack', '--pack-destination', dest, '--json'],
    { cwd: root },
  );
  const tarballs = new Map(
    (JSON.parse(stdout) as { name: string; filename: string }[]).map((t) => [t.name, t.filename]),
  );
  packages.forEach((name, i) => {
    const { name: packageName } = JSON.parse(
      readFileSync(join(root, dirs[i] as string, 'package.json'), 'utf8'),
    );
    packed[name] = tarballs.get(packageName) as string;
    expect(packed[name], `the tarball of ${packageName}`).toMatch(/\.tgz$/);
  });
  expect(readdirSync(dest)).toHaveLength(packages.length);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

async function installInEmptyFolder(names: string[]): Promise<string> {
  const dir = mkdtempSync(join(work, 'app-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', ...names.map((n) => packed[n] as string)],
    {
      cwd: dir,
      timeout: 180_000,
    },
  );
  return dir;
}

it('installs api-types from its tarball and imports it', async () => {
  const dir = await installInEmptyFolder(['api-types']);
  const { stdout } = await run(
    process.execPath,
    [
      '-e',
      "import('@marketbridge/api-types').then((m) => console.log(Object.keys(m.routes).length, m.buildOpenApiDocument('1').openapi))",
    ],
    { cwd: dir },
  );
  expect(stdout.trim()).toMatch(/^\d+ 3\.1\.0$/);
}, 200_000);

it('installs registry from its tarball and writes a registry file', async () => {
  const dir = await installInEmptyFolder(['registry']);
  const { stdout } = await run(
    process.execPath,
    [
      '-e',
      "import('@marketbridge/registry').then(async ({ SessionRegistry }) => { const r = new SessionRegistry({ file: './reg.json' }); const s = await r.create({ sessionName: 'packed' }); console.log(s.sessionName, (await r.list()).length); })",
    ],
    { cwd: dir },
  );
  expect(stdout.trim()).toBe('packed 1');
}, 200_000);

it('installs client and browser-manager with api-types from tarballs, and they import', async () => {
  const dir = await installInEmptyFolder(['api-types', 'browser-manager', 'client']);
  const { stdout } = await run(
    process.execPath,
    [
      '-e',
      "Promise.all([import('@marketbridge/client'), import('@marketbridge/browser-manager')]).then(([c, b]) => console.log(typeof c, typeof b.BrowserManager.create))",
    ],
    { cwd: dir },
  );
  expect(stdout.trim()).toBe('object function');
}, 200_000);

it('installs the controller with client and api-types from tarballs; both entry points import', async () => {
  const dir = await installInEmptyFolder(['api-types', 'client', 'marketbridge-controller']);
  const { stdout } = await run(
    process.execPath,
    [
      '-e',
      "Promise.all([import('@marketbridge/controller'), import('@marketbridge/controller/testing')]).then(([c, t]) => console.log(typeof c.BrowserController, typeof t.startDemoMarketBridge))",
    ],
    { cwd: dir },
  );
  expect(stdout.trim()).toBe('function function');
}, 200_000);

it('installs mb-browser globally from the packed daemon (and its packed dependencies) and runs it', async () => {
  const prefix = mkdtempSync(join(work, 'global-'));
  await run(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      ...packages.map((n) => packed[n] as string),
    ],
    // npm install of six tarballs with their dependencies: minutes on a busy machine.
    { timeout: 480_000 },
  );
  const bin = join(prefix, 'bin', 'mb-browser');
  const home = mkdtempSync(join(work, 'home-'));
  const version = await run(bin, ['--version']);
  expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  const started = await run(bin, ['start', '--home', home, '--port', '0', '--json'], { timeout: 90_000 });
  expect(JSON.parse(started.stdout)).toMatchObject({
    url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
  });
  const status = await run(bin, ['status', '--home', home, '--json']);
  expect(JSON.parse(status.stdout)).toMatchObject({ running: true, responding: true });
  await run(bin, ['stop', '--home', home]);
}, 600_000);
