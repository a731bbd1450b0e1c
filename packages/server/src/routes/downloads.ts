import { readFile } from 'node:fs/promises';
import { routes } from '@marketbridge/api-types';
import { defineRoute, noteSession } from '../http/route-module.js';

export const listDownloads = defineRoute(
  'listDownloads',
  routes.listDownloads,
  async ({ params, deps, res }) => {
    const session = await deps.sessions.requireLive(params.id);
    noteSession(res, session);
    return { json: { downloads: await deps.manager.downloads(session.id) } };
  },
);

/** `filename` for old agents (ASCII, quotes and slashes out), `filename*` with the real name. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\/]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The bytes as application/octet-stream (the type the site meant is in the listing and in
 * `X-Download-Type`): a download is data to save, never a page for a browser to render from here.
 */
export const getDownload = defineRoute('getDownload', routes.getDownload, async ({ params, deps, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  const { entry, path } = await deps.manager.download(session.id, params.downloadId);
  return {
    bytes: await readFile(path),
    contentType: 'application/octet-stream',
    headers: {
      'Content-Disposition': disposition(entry.suggestedFilename),
      'X-Download-Type': entry.mimeType,
    },
  };
});
