// The server with its whole MARKETBRIDGE_HOME on a real file system that fills up (a 1 MB tmpfs):
// state files, the registry and the log all meet ENOSPC. Nothing saved before is lost, nothing
// half-written is left, the server and the session keep working, and writes resume once there is room.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  errorOf,
  eventually,
  mountSmallDisk,
  type SmallDisk,
  smallDiskUnavailable,
  startTestSite,
  type TempHome,
  type TestSite,
} from '@marketbridge/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './test-fixtures/server.js';

const unavailable = smallDiskUnavailable();
if (unavailable) console.warn(`full-disk test skipped: ${unavailable}`);

type ErrorAnswer = { error: { code: string; message: string } };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe.skipIf(unavailable)(
  `a full disk under the server${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let disk: SmallDisk;
    let site: TestSite;
    let t: TestServer;

    beforeAll(async () => {
      disk = mountSmallDisk(1024, 'mb-server-disk-');
      const home: TempHome = {
        dir: disk.dir,
        path: (...parts) => join(disk.dir, ...parts),
        registryFile: join(disk.dir, 'browser_sessions_registry.json'),
        remove: () => undefined,
        [Symbol.dispose]: () => undefined,
      };
      site = await startTestSite();
      t = await startServer({ backgroundIntervalMs: 600_000, saveIntervalMs: 0 }, home);
    });

    afterAll(async () => {
      await t?.close();
      await site?.close();
      disk?.remove();
    });

    it('ENOSPC: clear errors naming the session, old files byte-for-byte intact, server serving; saves resume', {
      timeout: 180_000,
    }, async () => {
      const created = await t.api<{ id: string }>('POST', '/sessions', {
        name: 'full',
        url: site.at('/state'),
      });
      expect(created.status).toBe(201);
      expect((await t.api('POST', '/sessions/full/navigate', { url: site.at('/form') })).status).toBe(200);
      await t.server.manager.saveSession('full');
      await t.server.flush();
      const stateFile = join(t.server.config.stateDir, 'full.json');

      disk.fill();
      expect(disk.freeBytes()).toBe(0);
      const stateBefore = readFileSync(stateFile);
      const registryBefore = readFileSync(t.server.config.registryFile);
      expect(stateBefore.toString()).toContain('abc123');
      const warnings: string[] = [];
      t.server.manager.on('warning', ({ message }) => warnings.push(message));

      // The session works on a full disk.
      const changed = await t.api('POST', '/sessions/full/execute', {
        script: "localStorage.setItem('token', 'changed'); return localStorage.getItem('token')",
      });
      expect(changed.body).toEqual({ result: 'changed' });

      // Saving fails, saying which session and why; the background save warns the same way. Filled
      // again first: a save the navigation scheduled (a second after it) may have been mid-write at the
      // first fill, and its rename over the old file then gave the old file's pages back.
      disk.fill();
      expect(disk.freeBytes()).toBe(0);
      const error = await errorOf(t.server.manager.saveSession('full'));
      expect(error.message).toMatch(/session "full" was not saved to .*full\.json \(ENOSPC: no space left/);
      await t.server.manager.saveAll();
      expect(warnings.join('\n')).toMatch(/Could not save state of "full".*ENOSPC/);

      // A new session cannot be recorded in the registry: a clear 503, and no half-made session.
      const second = await t.api<ErrorAnswer>('POST', '/sessions', { name: 'second' });
      expect(second.status, JSON.stringify(second.body)).toBe(503);
      expect(second.body.error.code).toBe('registry_unavailable');
      expect(second.body.error.message).toContain('ENOSPC (no space left on the device)');
      expect((await t.api('GET', '/sessions/second')).status).toBe(404);

      // A screenshot kept on the server cannot be stored: a clear error, and no empty file left behind.
      const shot = await t.api<ErrorAnswer>('POST', '/sessions/full/screenshot', { save: true });
      expect(shot.status).toBe(500);
      expect(shot.body.error.message).toMatch(/screenshot was taken but could not be stored in .*\(ENOSPC\)/);
      expect((await t.api('POST', '/sessions/full/screenshot', {})).status).toBe(200);

      // Enough requests (a log line each) to fill what is left of the log file's last page.
      for (let i = 0; i < 30; i++) expect((await t.api('GET', '/health')).status).toBe(200);

      // Registry activity writes fail too: /health answers, degraded.
      await t.server.flush();
      const health = await t.api<{ status: string }>('GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('degraded');

      expect(readFileSync(stateFile)).toEqual(stateBefore);
      expect(readFileSync(t.server.config.registryFile)).toEqual(registryBefore);
      expect(filesUnder(disk.dir)).toEqual([
        '.filler',
        'browser_sessions_registry.json',
        'logs/browser_session_server.log',
        'playwright_sessions/full.json',
        'token',
      ]);
      const still = await t.api('POST', '/sessions/full/execute', {
        script: "localStorage.getItem('token')",
      });
      expect(still.body).toEqual({ result: 'changed' });

      // Room again: the next save, registry write and create go through.
      disk.unfill();
      await t.server.manager.saveSession('full');
      expect(readFileSync(stateFile, 'utf8')).toContain('changed');
      expect((await t.api('POST', '/sessions', { name: 'second', url: site.at('/form') })).status).toBe(201);
      await t.api('POST', '/sessions/full/execute', { script: '1' });
      await t.server.flush();
      expect((await t.api<{ status: string }>('GET', '/health')).body.status).toBe('healthy');
      // The log resumes by itself at its next line, saying how much it lost. Each poll logs a request,
      // so a line whose write began while the disk was still full is not the last one tried.
      const log = join(t.server.config.logDir, 'browser_session_server.log');
      await eventually(async () => {
        await t.api('GET', '/health');
        return /log line\(s\) were dropped while .* could not be written \(ENOSPC\)/.test(
          readFileSync(log, 'utf8'),
        );
      }, 'the log to resume');
      expect(t.registryJson().active_sessions.sort()).toEqual(
        [created.body.id, t.server.manager.getSession('second').id].sort(),
      );
      // No temp file left behind. (`second` may have been saved by now too: a save follows its page load.)
      expect(filesUnder(disk.dir).filter((f) => f !== 'playwright_sessions/second.json')).toEqual([
        'browser_sessions_registry.json',
        'logs/browser_session_server.log',
        'playwright_sessions/full.json',
        'token',
      ]);
    });
  },
);
