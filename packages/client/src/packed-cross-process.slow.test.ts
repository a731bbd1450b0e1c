import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from '@marketbridge/server';
import { useServer } from '@marketbridge/test-helpers/vitest';
import { afterAll, expect, it } from 'vitest';

const run = promisify(execFile);
const fx = useServer(createServer);
const work = mkdtempSync(join(tmpdir(), 'mb-client-packed-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const firstScript = `import { BrowserClient } from '@marketbridge/client';
const client = new BrowserClient(process.env.SERVER_URL, { token: process.env.TOKEN });
const session = await client.createSession('persist', { url: process.env.SITE + '/state' });
await session.navigate(process.env.SITE + '/form');
console.log(session.id);
`;
const secondScript = `import { BrowserClient } from '@marketbridge/client';
const client = new BrowserClient(process.env.SERVER_URL, { token: process.env.TOKEN });
const session = await client.getSessionByName('persist');
console.log(JSON.stringify({ id: session.id, url: session.info.currentUrl, token: await session.executeJs("localStorage.getItem('token')") }));
`;

it('a script exits; a second process, using only the packed client and api-types, finds the session as it was left', async () => {
  const root = join(import.meta.dirname, '..', '..');
  const tarballs: string[] = [];
  for (const pkg of ['api-types', 'client']) {
    const dest = join(work, 'tarballs', pkg);
    await run('pnpm', ['pack', '--pack-destination', dest], { cwd: join(root, pkg) });
    tarballs.push(join(dest, readdirSync(dest)[0] as string));
  }
  const app = join(work, 'app');
  rmSync(app, { recursive: true, force: true });
  await run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], {
    cwd: app,
    timeout: 180_000,
  });
  expect(readdirSync(join(app, 'node_modules', '@marketbridge')).sort()).toEqual(['api-types', 'client']);
  writeFileSync(join(app, 'first.mjs'), firstScript);
  writeFileSync(join(app, 'second.mjs'), secondScript);
  const env = { ...process.env, SERVER_URL: fx.url, TOKEN: fx.token, SITE: fx.site.url };

  const first = await run(process.execPath, ['first.mjs'], { cwd: app, env });
  const id = first.stdout.trim();
  const second = await run(process.execPath, ['second.mjs'], { cwd: app, env });
  expect(JSON.parse(second.stdout)).toEqual({ id, url: fx.site.at('/form'), token: 'abc123' });
}, 360_000);
