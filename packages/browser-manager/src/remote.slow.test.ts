import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createTempHome,
  errorOf,
  startTestSite,
  type TempHome,
  type TestSite,
} from '@marketbridge/test-helpers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BrowserManager } from './manager.js';

let site: TestSite;
let home: TempHome;
let server: ChildProcess;
let wsEndpoint: string;

beforeAll(async () => {
  site = await startTestSite();
  home = createTempHome();
  const script = fileURLToPath(new URL('./test-fixtures/browser-server.ts', import.meta.url));
  server = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  wsEndpoint = await new Promise<string>((resolve, reject) => {
    server.stdout?.on('data', (d: Buffer) => resolve(d.toString().trim()));
    server.on('exit', (code) => reject(new Error(`browser server exited with ${code}`)));
  });
});

afterAll(async () => {
  server?.kill('SIGTERM');
  await site?.close();
  home?.remove();
});

it('drives sessions in a browser served by another process (browserEndpoint)', async () => {
  await using manager = await BrowserManager.create({
    home: home.dir,
    browserEndpoint: wsEndpoint,
    saveIntervalMs: 0,
  });
  await manager.createSession({ name: 'remote', url: site.at('/state') });
  expect(await manager.execute('remote', "localStorage.getItem('token')")).toBe('abc123');
  expect(await manager.browsers()).toEqual([expect.objectContaining({ remote: true, connected: true })]);
  expect(manager.browserPids()).toEqual([]);
});

it('says clearly when the browser server cannot be reached', async () => {
  await using manager = await BrowserManager.create({
    home: home.dir,
    browserEndpoint: 'ws://127.0.0.1:9/nothing',
    saveIntervalMs: 0,
    defaultTimeoutMs: 3_000,
  });
  const error = await errorOf(manager.createSession({ name: 'nowhere' }));
  expect(error.code).toBe('browser_unavailable');
  expect(error.message).toMatch(/Could not connect to the browser server at ws:\/\/127\.0\.0\.1:9\/nothing/);
});
