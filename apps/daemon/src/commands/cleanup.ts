import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ForgottenSession } from '@marketbridge/api-types';
import { HOME_NAMES, serverUrlOf, sessionStateFiles } from '@marketbridge/api-types/home';
import { BrowserClient } from '@marketbridge/client';
import {
  checkRetentionRule,
  DEFAULT_RETENTION,
  type RetentionRule,
  SessionRegistry,
} from '@marketbridge/registry';
import { commandContext, defineCommand } from '../command-module.js';
import { CliError, exitCodes, type Output } from '../output.js';
import type { DaemonPaths } from '../paths.js';
import { readPidFile, removePidFile } from '../pid-file.js';

export interface CleanupResult {
  via: 'server' | 'registry';
  sessionsRemoved: string[];
  /**
   * Kept (inactive) sessions forgotten by the retention rule, oldest first: the running server's rule,
   * or with the server down the one given to `cleanup` (default 100 records, 720 hours).
   */
  forgotten: ForgottenSession[];
  stalePidFileRemoved: boolean;
  stateFilesRemoved: string[];
  screenshotsRemoved: string[];
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/**
 * Old sessions (through the server when it runs, else straight in the registry), kept sessions past
 * the retention rule, a stale PID file, state files no registry record names, and screenshots older
 * than `maxAgeHours`. With the server running its own retention rule applies and `retention` is unused.
 */
export async function cleanup(
  paths: DaemonPaths,
  maxAgeHours: number,
  out: Output,
  retention: RetentionRule = DEFAULT_RETENTION,
): Promise<CleanupResult> {
  const pid = readPidFile(paths.pidFile);
  const result: CleanupResult = {
    via: pid.kind === 'running' ? 'server' : 'registry',
    sessionsRemoved: [],
    forgotten: [],
    stalePidFileRemoved: false,
    stateFilesRemoved: [],
    screenshotsRemoved: [],
  };
  if (pid.kind === 'running') {
    const client = new BrowserClient(serverUrlOf(pid.info), { home: paths.home });
    const report = await client.cleanupReport({ maxAgeHours });
    result.sessionsRemoved = report.deleted;
    result.forgotten = report.forgotten ?? [];
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
    // The same rule the server applies (pickExpired); nothing is live with the server down.
    const { forgotten, unusedNames } = await registry.forgetExpired(retention);
    for (const name of unusedNames) {
      const files = sessionStateFiles(paths.stateDir, name);
      await rm(files.state, { force: true });
      await rm(files.secrets, { force: true });
    }
    const freed = new Set(unusedNames);
    result.forgotten = forgotten.map((r) => ({
      id: r.sessionId,
      name: r.sessionName,
      lastActivity: r.lastActivity,
      stateDeleted: freed.has(r.sessionName),
    }));
    // With the server down nothing can be using a state (or secrets) file the registry no longer names.
    const named = new Set((await registry.list()).map((r) => r.sessionName));
    for (const file of await entries(paths.stateDir)) {
      const ext = [HOME_NAMES.stateFileExt, HOME_NAMES.secretsFileExt].find((e) => file.endsWith(e));
      if (!ext || named.has(file.slice(0, -ext.length))) continue;
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
    `  kept sessions forgotten (retention rule): ${r.forgotten.length}${r.forgotten.length ? ` (${r.forgotten.map((f) => `${f.name} ${f.id}`).join(', ')})` : ''}`,
    `  stale PID file removed: ${r.stalePidFileRemoved ? 'yes' : 'no'}`,
    `  orphaned state files removed: ${r.stateFilesRemoved.length}`,
    `  old screenshots removed: ${r.screenshotsRemoved.length}`,
  ].join('\n');
}

/** The rule from `--max-kept-sessions` and `--kept-session-max-age-hours`, or a usage error naming the flag. */
export function retentionFrom(args: {
  maxKeptSessions: number;
  keptSessionMaxAgeHours: number;
}): RetentionRule {
  const rule = { maxKept: args.maxKeptSessions, maxAgeHours: args.keptSessionMaxAgeHours };
  if (!Number.isInteger(rule.maxKept) || rule.maxKept < 1)
    throw new CliError(
      `--max-kept-sessions must be a whole number of at least 1, got ${String(args.maxKeptSessions)}`,
      exitCodes.usage,
    );
  try {
    checkRetentionRule(rule);
  } catch (error) {
    const flag = /maxKept/.test((error as Error).message)
      ? '--max-kept-sessions'
      : '--kept-session-max-age-hours';
    throw new CliError(`${flag}: ${(error as Error).message}`, exitCodes.usage);
  }
  return rule;
}

export const cleanupCommand = defineCommand({
  command: 'cleanup',
  describe:
    'Remove old sessions, kept sessions past the retention rule, a stale PID file, orphaned state files and old screenshots',
  builder: (yargs) =>
    yargs.option('max-age-hours', { type: 'number', default: 24 }).options({
      'max-kept-sessions': {
        type: 'number',
        default: DEFAULT_RETENTION.maxKept,
        describe: 'With the server down: kept sessions held at most (a running server applies its own)',
      },
      'kept-session-max-age-hours': {
        type: 'number',
        default: DEFAULT_RETENTION.maxAgeHours,
        describe: 'With the server down: forget kept sessions idle longer than this',
      },
    }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const result = await cleanup(paths, args.maxAgeHours, out, retentionFrom(args));
    out.result(result, () => describeCleanup(result));
  },
});
