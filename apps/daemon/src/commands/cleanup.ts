import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BrowserClient } from '@marketbridge/client';
import { SessionRegistry } from '@marketbridge/registry';
import { commandContext, defineCommand } from '../command-module.js';
import { serverUrl } from '../health.js';
import type { Output } from '../output.js';
import type { DaemonPaths } from '../paths.js';
import { readPidFile, removePidFile } from '../pid-file.js';

export interface CleanupResult {
  via: 'server' | 'registry';
  sessionsRemoved: string[];
  stalePidFileRemoved: boolean;
  stateFilesRemoved: string[];
  screenshotsRemoved: string[];
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/**
 * Old sessions (through the server when it runs, else straight in the registry), a stale PID file,
 * state files no registry record names, and screenshots older than `maxAgeHours`.
 */
export async function cleanup(paths: DaemonPaths, maxAgeHours: number, out: Output): Promise<CleanupResult> {
  const pid = readPidFile(paths.pidFile);
  const result: CleanupResult = {
    via: pid.kind === 'running' ? 'server' : 'registry',
    sessionsRemoved: [],
    stalePidFileRemoved: false,
    stateFilesRemoved: [],
    screenshotsRemoved: [],
  };
  if (pid.kind === 'running') {
    const client = new BrowserClient(serverUrl(pid.info.host, pid.info.port), { home: paths.home });
    result.sessionsRemoved = await client.cleanupSessions({ maxAgeHours });
  } else {
    if (pid.kind === 'stale') {
      removePidFile(paths.pidFile);
      result.stalePidFileRemoved = true;
    }
    const registry = new SessionRegistry({
      file: paths.registryFile,
      onWarning: (m) => out.info(`warning: ${m}`),
    });
    result.sessionsRemoved = await registry.cleanup(maxAgeHours);
    // With the server down nothing can be using a state file the registry no longer names.
    const named = new Set((await registry.list()).map((r) => `${r.sessionName}.json`));
    for (const file of await entries(paths.stateDir)) {
      if (!file.endsWith('.json') || named.has(file)) continue;
      await rm(join(paths.stateDir, file), { force: true });
      result.stateFilesRemoved.push(file);
    }
  }
  const cutoff = Date.now() - maxAgeHours * 3_600_000;
  for (const file of await entries(paths.screenshotsDir)) {
    const path = join(paths.screenshotsDir, file);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs < cutoff) {
      await rm(path, { force: true });
      result.screenshotsRemoved.push(file);
    }
  }
  return result;
}

export function describeCleanup(r: CleanupResult): string {
  return [
    `Cleaned up (${r.via === 'server' ? 'through the running server' : 'server not running: registry and files directly'}):`,
    `  sessions removed: ${r.sessionsRemoved.length}${r.sessionsRemoved.length ? ` (${r.sessionsRemoved.join(', ')})` : ''}`,
    `  stale PID file removed: ${r.stalePidFileRemoved ? 'yes' : 'no'}`,
    `  orphaned state files removed: ${r.stateFilesRemoved.length}`,
    `  old screenshots removed: ${r.screenshotsRemoved.length}`,
  ].join('\n');
}

export const cleanupCommand = defineCommand({
  command: 'cleanup',
  describe: 'Remove old sessions, a stale PID file, orphaned state files and old screenshots',
  builder: (yargs) => yargs.option('max-age-hours', { type: 'number', default: 24 }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const result = await cleanup(paths, args.maxAgeHours, out);
    out.result(result, () => describeCleanup(result));
  },
});
