import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Download } from '@marketbridge/api-types';
import type { Download as PlaywrightDownload } from 'playwright-core';
import { DownloadNotFoundError } from './errors.js';
import type { ManagedSession } from './managed-session.js';
import type { Warn } from './manager-deps.js';

/** Bytes of downloads kept per session by default; the oldest go first past it. */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024;

const TYPES: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  txt: 'text/plain',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
};

const ID = /^d-[0-9a-f]{10}$/;

/**
 * What a session's pages download, kept on disk under `<downloadsDir>/<session id>/`: `<id>` holds the
 * bytes and `<id>.json` what the API lists. The site's file name is only ever data, never a path.
 * Bounded per session (oldest removed first); removed with the session unless its state is kept.
 */
export class SessionDownloads {
  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    private readonly warn: Warn,
  ) {}

  #folder(sessionId: string): string {
    return join(this.dir, encodeURIComponent(sessionId));
  }

  /** Keeps a download a page of `session` started. */
  async keep(session: ManagedSession, pageId: string, download: PlaywrightDownload): Promise<void> {
    const folder = this.#folder(session.id);
    const id = `d-${randomBytes(5).toString('hex')}`;
    try {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const file = join(folder, id);
      await download.saveAs(file);
      const name = download.suggestedFilename();
      const entry: Download = {
        id,
        suggestedFilename: name,
        url: download.url(),
        size: (await stat(file)).size,
        mimeType: TYPES[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream',
        pageId,
        createdAt: new Date().toISOString(),
      };
      await writeFile(`${file}.json`, JSON.stringify(entry), { mode: 0o600 });
      await this.#trim(session.id);
    } catch (error) {
      this.warn(`Session "${session.name}": could not keep a download from ${download.url()}`, error);
      await rm(join(folder, id), { force: true }).catch(() => undefined);
    }
  }

  /** Oldest first. */
  async list(sessionId: string): Promise<Download[]> {
    const folder = this.#folder(sessionId);
    const names = await readdir(folder).catch(() => [] as string[]);
    const entries = await Promise.all(
      names
        .filter((n) => n.endsWith('.json') && ID.test(n.slice(0, -5)))
        .map(async (n) => JSON.parse(await readFile(join(folder, n), 'utf8')) as Download),
    );
    return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** The entry and the path of its bytes; DownloadNotFoundError for an id not this session's. */
  async get(session: ManagedSession, downloadId: string): Promise<{ entry: Download; path: string }> {
    const entry = ID.test(downloadId)
      ? (await this.list(session.id)).find((d) => d.id === downloadId)
      : undefined;
    if (!entry) throw new DownloadNotFoundError(session.name, downloadId);
    return { entry, path: join(this.#folder(session.id), downloadId) };
  }

  async removeAll(sessionId: string): Promise<void> {
    await rm(this.#folder(sessionId), { recursive: true, force: true });
  }

  async #trim(sessionId: string): Promise<void> {
    const all = await this.list(sessionId);
    let total = all.reduce((n, d) => n + d.size, 0);
    for (const d of all) {
      if (total <= this.maxBytes) break;
      total -= d.size;
      await rm(join(this.#folder(sessionId), d.id), { force: true });
      await rm(join(this.#folder(sessionId), `${d.id}.json`), { force: true });
    }
  }
}
