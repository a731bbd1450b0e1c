// A new process that imports the built client and makes its first calls loads neither ky nor Node's
// bundled undici (fetch): loading them costs a new process more than such a call (see http-request.ts).
// Watched from inside that process: a module.register resolve hook logs every module it resolves (ky is
// one), and process.moduleLoadList lists Node's own modules loaded (undici is 'internal/deps/undici/undici').
// The stream it opens last does load both: the proof that the watching sees them. The import itself is
// one module: the build bundles the client's runtime into dist/index.js (scripts/bundle.mjs).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { openSse, sessionEvent, startFakeServer } from './test-fixtures/fake-server.js';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'mb-client-fresh-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const hooks = `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) {
  log = data.log;
}
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(log, resolved.url + '\\n');
  return resolved;
}
`;
const register = `import { register } from 'node:module';
register('./hooks.mjs', import.meta.url, { data: { log: process.env.RESOLVED_LOG } });
`;
const script = `import { readFileSync } from 'node:fs';
const loaded = () => ({
  ky: readFileSync(process.env.RESOLVED_LOG, 'utf8').split('\\n').some((url) => url.includes('/ky/')),
  undici: process.moduleLoadList.some((name) => name.includes('undici')),
});
const { BrowserClient } = await import(process.env.CLIENT);
const afterImport = loaded();
const imported = readFileSync(process.env.RESOLVED_LOG, 'utf8').split('\\n').filter((url) => url.startsWith('file:') && !url.endsWith('/main.mjs'));
const client = new BrowserClient(process.env.SERVER_URL, { token: 'fake-token' });
const session = await client.session('s');
const result = await session.executeJs('1');
const afterCall = loaded();
const shot = await session.screenshot();
const afterBytes = loaded();
const events = await client.events();
await events.next();
await events.close();
console.log(JSON.stringify({ imported, result, shot: Array.from(shot), afterImport, afterCall, afterBytes, afterStream: loaded() }));
`;

it('importing the client loads one module; it and its first JSON and binary calls load neither ky nor undici; a stream loads both', async () => {
  await using server = await startFakeServer((req, res) => {
    if (req.url === '/events') {
      openSse(res);
      res.write(sessionEvent('s'));
    } else if (req.url === '/sessions/s/screenshot') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from([1, 2, 3]));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result: 1 }));
    }
  });
  for (const [name, text] of Object.entries({
    'hooks.mjs': hooks,
    'register.mjs': register,
    'main.mjs': script,
  }))
    writeFileSync(join(work, name), text);
  const log = join(work, 'resolved.log');
  writeFileSync(log, '');
  const { NODE_OPTIONS: _, ...env } = process.env;
  const client = new URL('../dist/index.js', import.meta.url).href;
  const { stdout } = await run(process.execPath, ['--import', './register.mjs', 'main.mjs'], {
    cwd: work,
    env: { ...env, RESOLVED_LOG: log, SERVER_URL: server.url, CLIENT: client },
    timeout: 120_000,
  });
  const nothing = { ky: false, undici: false };
  expect(JSON.parse(stdout)).toEqual({
    imported: [client],
    result: 1,
    shot: [1, 2, 3],
    afterImport: nothing,
    afterCall: nothing,
    afterBytes: nothing,
    afterStream: { ky: true, undici: true },
  });
});
