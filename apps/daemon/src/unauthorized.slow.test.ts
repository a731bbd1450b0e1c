// The CLI's words for a 401: a token that was sent and refused is said to be refused (and which one
// was sent); no token at all is said to be missing. Against a real server; no session, no browser.
import { createServer, type RunningServer } from '@marketbridge/server';
import { createTempHome, type TempHome } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mbBrowser } from './test-fixtures/cli.js';

let serverHome: TempHome;
let emptyHome: TempHome;
let server: RunningServer;

beforeAll(async () => {
  serverHome = createTempHome();
  emptyHome = createTempHome();
  server = await createServer({ home: serverHome.dir, port: 0, consoleLogLevel: false });
});
afterAll(async () => {
  await server?.close();
  serverHome?.remove();
  emptyHome?.remove();
});

it('a token sent and refused: "refused", never "missing"', async () => {
  const res = await mbBrowser(emptyHome.dir, ['session', 'list'], {
    MB_BROWSER_URL: server.url,
    MB_BROWSER_TOKEN: 'not-the-servers-token',
  });
  expect(res.code).toBe(1);
  expect(res.stderr).toContain('The API token sent was refused');
  expect(res.stderr).toContain('(unauthorized, HTTP 401)');
  expect(res.stderr).toContain('The server refused the token this command sent (MB_BROWSER_TOKEN');
  expect(res.stderr).not.toMatch(/missing|sent no token/i);
});

it('no token at all: "missing", and where the token would come from', async () => {
  const res = await mbBrowser(emptyHome.dir, ['session', 'list'], { MB_BROWSER_URL: server.url });
  expect(res.code).toBe(1);
  expect(res.stderr).toContain('Missing API token');
  expect(res.stderr).toContain('This command sent no token: set MB_BROWSER_TOKEN');
  expect(res.stderr).not.toContain('refused');
});
