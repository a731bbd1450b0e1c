import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { routes } from '@marketbridge/api-types';
import { HttpError } from '../errors.js';
import { defineRoute, noteSession } from '../http/route-module.js';

/** `<dir>/<name>_<timestamp>.<ext>`, never overwriting an existing file. Mode 0600. */
export async function saveScreenshot(dir: string, name: string, ext: string, bytes: Buffer): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const file = join(dir, `${name}_${stamp}${n === 0 ? '' : `-${n}`}.${ext}`);
    try {
      await writeFile(file, bytes, { mode: 0o600, flag: 'wx' });
      return file;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && n <= 1000) continue;
      if (code !== 'EEXIST') await rm(file, { force: true }).catch(() => undefined); // no truncated image left
      throw new HttpError(
        'internal_error',
        `The screenshot was taken but could not be stored in ${dir} (${code ?? (error as Error).message}). ` +
          'Free some space or fix the directory, or take it without save to get the bytes only.',
        { cause: error },
      );
    }
  }
}

/** Answers with the image bytes; with `save` also stores them server-side (path in X-Screenshot-Path). */
export default defineRoute('screenshot', routes.screenshot, async ({ params, body, deps, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  const bytes = await deps.manager.screenshot(session.id, body);
  const jpeg = body.type === 'jpeg';
  const headers: Record<string, string> = {};
  if (body.save) {
    headers['X-Screenshot-Path'] = await saveScreenshot(
      deps.config.screenshotsDir,
      session.name,
      jpeg ? 'jpg' : 'png',
      bytes,
    );
  }
  return { bytes, contentType: jpeg ? 'image/jpeg' : 'image/png', headers };
});
