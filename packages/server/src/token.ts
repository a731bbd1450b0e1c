import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface TokenResult {
  token: string;
  /** True when this call wrote the file (first start, or an explicit token that differed). */
  written: boolean;
  /** Set when the file's permissions were looser than 0600 and were tightened. */
  fixedMode?: number;
}

async function readToken(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text.length > 0 ? text : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The API token: `explicit` when given (written to `file` so the client and CLI find it), else the one
 * already in `file`, else a new random one written there. The file is mode 0600 in a 0700 directory.
 */
export async function loadOrCreateToken(file: string, explicit?: string): Promise<TokenResult> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const existing = await readToken(file);
  const token = explicit ?? existing ?? randomBytes(32).toString('base64url');
  let written = false;
  if (token !== existing) {
    await writeFile(file, `${token}\n`, { mode: 0o600 });
    written = true;
  }
  const mode = (await stat(file)).mode & 0o777;
  if (mode !== 0o600) {
    await chmod(file, 0o600);
    return { token, written, fixedMode: mode };
  }
  return { token, written };
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison: equal-length digests, so neither content nor length leaks through timing. */
export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
