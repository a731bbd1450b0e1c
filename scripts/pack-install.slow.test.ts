import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'mb-pack-'));
const packed: Record<string, string> = {};

// Packed the way `pnpm publish` would (workspace:^ becomes a real version), then installed with plain npm.
const packages = ['api-types', 'registry', 'browser-manager', 'client'];

beforeAll(async () => {
  for (const name of packages) {
    const dest = join(work, 'tarballs', name);
    await run('pnpm', ['pack', '--pack-destination', dest], { cwd: join(root, 'packages', name) });
    packed[name] = join(dest, readdirSync(dest)[0] as string);
  }
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
