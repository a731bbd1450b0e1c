import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { replaceFile } from './atomic-file.js';
import { StateSaveError } from './errors.js';
import type { SessionIdentity } from './types.js';

/** Playwright's storage state: what `context.storageState()` gives and `newContext({ storageState })` takes. */
type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** What, beyond Playwright's storage state, is needed to bring a session back as it was. */
export interface SessionSnapshot extends Omit<SessionIdentity, 'id'> {
  version: 1;
  sessionId: string;
  savedAt: string;
  /** `id`: the page's stable id (files written before page ids have none). */
  pages: { url: string; id?: string }[];
  activePage: number;
}

/**
 * `<dir>/<name>.json` is a Playwright storage-state file (usable as `newContext({ storageState })`)
 * with our snapshot under the `marketbridge` key. Written atomically with mode 0600.
 */
export interface SavedSession extends StorageState {
  marketbridge: SessionSnapshot;
}

export class StateStore {
  constructor(readonly dir: string) {}

  pathFor(name: string): string {
    return join(this.dir, `${name}.json`);
  }

  /** Replaces the file atomically; on failure (e.g. ENOSPC) the old file is left as it was, no temp file. */
  async save(state: SavedSession): Promise<void> {
    const { name } = state.marketbridge;
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await replaceFile(this.pathFor(name), `${JSON.stringify(state)}\n`, 0o600);
    } catch (error) {
      throw new StateSaveError(name, this.pathFor(name), error);
    }
  }

  /** The saved session, or undefined when there is none. An unusable file is moved aside and reported. */
  async load(name: string, onWarning: (message: string) => void): Promise<SavedSession | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathFor(name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      onWarning(`Could not read saved state of "${name}": ${(error as Error).message}`);
      return undefined;
    }
    try {
      const parsed = JSON.parse(text) as Partial<SavedSession>;
      if (!Array.isArray(parsed.cookies) || !Array.isArray(parsed.origins))
        throw new Error('not a storage state');
      if (parsed.marketbridge?.version !== 1) throw new Error('missing or unknown marketbridge snapshot');
      return parsed as SavedSession;
    } catch (error) {
      const aside = `${this.pathFor(name)}.corrupt-${Date.now()}`;
      await rename(this.pathFor(name), aside).catch(() => undefined);
      onWarning(
        `Saved state of "${name}" was unusable (${(error as Error).message}); moved it to ${aside} and started fresh.`,
      );
      return undefined;
    }
  }

  async remove(name: string): Promise<void> {
    await rm(this.pathFor(name), { force: true });
  }

  /**
   * Deletes temp files (`<name>.json.tmp-<pid>-<hex>`) whose writer process is gone — what a kill in
   * the middle of a save leaves behind. A live writer's are kept. Returns the names removed.
   */
  async removeStaleTempFiles(isAlive: (pid: number) => boolean): Promise<string[]> {
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    const stale = entries.filter((entry) => {
      const pid = /\.json\.tmp-(\d+)-[0-9a-f]+$/.exec(entry)?.[1];
      return pid !== undefined && !isAlive(Number(pid));
    });
    await Promise.all(stale.map((entry) => rm(join(this.dir, entry), { force: true })));
    return stale;
  }
}
