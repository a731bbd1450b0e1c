import { access, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sessionStateFiles } from '@marketbridge/api-types/home';
import type { BrowserContext } from 'playwright-core';
import { replaceFile } from './atomic-file.js';
import { StateSaveError } from './errors.js';
import { joinSecrets, type SessionSecrets, splitSecrets } from './session-secrets.js';
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
 * with our snapshot under the `marketbridge` key. Written atomically with mode 0600. The snapshot's
 * `options` are written redacted; their secrets go to `<dir>/<name>.secrets` (0600 too), and come
 * back from it on load (see session-secrets.ts). In memory a SavedSession has them in clear.
 */
export interface SavedSession extends StorageState {
  marketbridge: SessionSnapshot;
}

export class StateStore {
  /** Per name: the secrets file's text as this store last wrote or read it ('' for no file). */
  readonly #secrets = new Map<string, string>();

  constructor(readonly dir: string) {}

  pathFor(name: string): string {
    return sessionStateFiles(this.dir, name).state;
  }

  secretsPathFor(name: string): string {
    return sessionStateFiles(this.dir, name).secrets;
  }

  /**
   * Replaces the file atomically; on failure (e.g. ENOSPC) the old file is left as it was, no temp file.
   * The secrets file first, and only when it changed: a session's secrets are fixed for its life.
   */
  async save(state: SavedSession): Promise<void> {
    const { name, options } = state.marketbridge;
    const { stored, secrets } = options ? splitSecrets(options) : { stored: undefined, secrets: undefined };
    const onDisk: SavedSession = {
      ...state,
      marketbridge: { ...state.marketbridge, ...(stored ? { options: stored } : {}) },
    };
    let file = this.secretsPathFor(name);
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await this.#saveSecrets(name, secrets);
      file = this.pathFor(name);
      await replaceFile(file, `${JSON.stringify(onDisk)}\n`, 0o600);
    } catch (error) {
      throw new StateSaveError(name, file, error);
    }
  }

  async #saveSecrets(name: string, secrets: SessionSecrets | undefined): Promise<void> {
    const text = secrets ? `${JSON.stringify(secrets)}\n` : '';
    if (this.#secrets.get(name) === text) return;
    if (text) await replaceFile(this.secretsPathFor(name), text, 0o600);
    else await rm(this.secretsPathFor(name), { force: true });
    this.#secrets.set(name, text);
  }

  /** The secrets file of `name` (undefined when there is none, or it is unreadable: reported). */
  async #loadSecrets(
    name: string,
    onWarning: (message: string) => void,
  ): Promise<SessionSecrets | undefined> {
    let text = '';
    try {
      text = await readFile(this.secretsPathFor(name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        onWarning(`Could not read the secrets of "${name}": ${(error as Error).message}`);
    }
    this.#secrets.set(name, text);
    if (!text) return undefined;
    try {
      const parsed = JSON.parse(text) as SessionSecrets;
      if (parsed?.version !== 1) throw new Error('unknown version');
      return parsed;
    } catch (error) {
      this.#secrets.delete(name); // rewritten at the next save
      onWarning(`The secrets file of "${name}" is unusable (${(error as Error).message}); ignored.`);
      return undefined;
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
      const saved = parsed as SavedSession;
      const stored = saved.marketbridge.options;
      if (!stored) return saved;
      const { options, missing } = joinSecrets(stored, await this.#loadSecrets(name, onWarning));
      if (missing.length > 0)
        onWarning(
          `Session "${name}": the secrets file has no ${missing.join(', ')}; ${missing.length === 1 ? 'it is' : 'they are'} left out of its options.`,
        );
      return { ...saved, marketbridge: { ...saved.marketbridge, options } };
    } catch (error) {
      const aside = `${this.pathFor(name)}.corrupt-${Date.now()}`;
      await rename(this.pathFor(name), aside).catch(() => undefined);
      onWarning(
        `Saved state of "${name}" was unusable (${(error as Error).message}); moved it to ${aside} and started fresh.`,
      );
      return undefined;
    }
  }

  /** True when `name` has a state file (a kept session, or a live one). */
  async has(name: string): Promise<boolean> {
    return access(this.pathFor(name)).then(
      () => true,
      () => false,
    );
  }

  /** Removes the state file and the secrets file. */
  async remove(name: string): Promise<void> {
    await rm(this.pathFor(name), { force: true });
    await rm(this.secretsPathFor(name), { force: true });
    this.#secrets.delete(name);
  }

  /**
   * Deletes temp files (`<name>.json.tmp-<pid>-<hex>`, `<name>.secrets.tmp-…`) whose writer process is gone — what a kill in
   * the middle of a save leaves behind. A live writer's are kept. Returns the names removed.
   */
  async removeStaleTempFiles(isAlive: (pid: number) => boolean): Promise<string[]> {
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    const stale = entries.filter((entry) => {
      const pid = /\.(?:json|secrets)\.tmp-(\d+)-[0-9a-f]+$/.exec(entry)?.[1];
      return pid !== undefined && !isAlive(Number(pid));
    });
    await Promise.all(stale.map((entry) => rm(join(this.dir, entry), { force: true })));
    return stale;
  }
}
