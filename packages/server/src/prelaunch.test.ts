import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './test-fixtures/server.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(async () => site?.close());

describe('prelaunch', () => {
  it('launches the browser and a ready context at start; the first session takes them', async () => {
    const t = await startServer({ prelaunch: true });
    try {
      const { manager } = t.server;
      // Before any session: one browser of this server, and one ready context in it.
      await eventually(() => manager.warmPool().ready === 1, 'a ready context made at start', 60_000);
      expect(manager.browserPids()).toHaveLength(1);
      const health = await t.api<{ browsers: { browserType: string; contexts: number }[] }>('GET', '/health');
      expect(health.body.browsers).toEqual([
        expect.objectContaining({ browserType: 'chromium', contexts: 0 }),
      ]);
      const [pid] = manager.browserPids();

      const created = await t.api<{ name: string; currentUrl: string }>('POST', '/sessions', {
        name: 'first',
        url: site.at('/form'),
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.currentUrl).toBe(site.at('/form'));
      // The session got the context made at start, in the browser launched at start.
      expect(manager.warmPool()).toMatchObject({ taken: 1 });
      expect(manager.browserPids()).toEqual([pid]);
    } finally {
      await t.close();
    }
  });

  it('a browser that cannot start does not stop the server: a warning, then the first session says why', async () => {
    const t = await startServer({ prelaunch: true, executablePath: '/nonexistent/chromium' });
    try {
      const log = join(t.server.config.logDir, 'browser_session_server.log');
      await eventually(
        () => readFileSync(log, 'utf8').includes('Could not launch the browser at start'),
        'the warning in the log',
        60_000,
      );
      expect((await t.api('GET', '/health')).status).toBe(200);
      const created = await t.api<{ error: { code: string; message: string } }>('POST', '/sessions', {
        name: 'first',
      });
      expect(created.status).toBeGreaterThanOrEqual(500);
      expect(created.body.error.message).toContain('/nonexistent/chromium');
      expect(t.server.manager.listSessions()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
