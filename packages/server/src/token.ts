import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TokenFileError } from './errors.js';

export interface TokenResult {
  token: string;
  /** True when this call wrote the file (first start, or an explicit token that differed). */
  written: boolean;
  /** Set when the file's permissions were looser than 0600 and were tightened. */
  fixedMode?: number;
}

export const TOKEN_MIN_LENGTH = 16;
export const TOKEN_MAX_LENGTH = 512;

/** What is wrong with a token, or undefined when it is usable: 16 to 512 printable ASCII characters, no spaces. */
export function tokenProblem(token: string): string | undefined {
  if (token.length < TOKEN_MIN_LENGTH)
    return `must be at least ${TOKEN_MIN_LENGTH} characters (it has ${token.length})`;
  if (token.length > TOKEN_MAX_LENGTH)
    return `must be at most ${TOKEN_MAX_LENGTH} characters (it has ${token.length})`;
  if (!/^[\x21-\x7e]+$/.test(token)) return 'must be printable ASCII without spaces';
  return undefined;
}

/** Writes a new random token to `file` (mode 0600); the server uses it from its next start. */
export async function rotateToken(file: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return token;
}

async function readToken(file: string): Promise<string | undefined> {
  try {
    // White space around it (an editor's line break) is not part of it; spaces inside are, and are refused.
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
  const problem = existing === undefined || explicit !== undefined ? undefined : tokenProblem(existing);
  if (problem) throw new TokenFileError(file, problem);
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
