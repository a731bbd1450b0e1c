// The one locked read-change-write primitive, plus the lock-free read and the corrupt-file handling.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { atomicWrite, removeOrphanTempFiles, syncDirectory } from './atomic-write.js';
import {
  errnoCode,
  RegistryCorruptError,
  RegistryError,
  RegistryIoError,
  RegistryLockError,
  RegistryNameTakenError,
} from './errors.js';
import { acquireLock } from './lock.js';
import { corruptPath } from './paths.js';
import { decodeRegistry, encodeRegistry, type InvalidRecord, type RegistryState } from './record-codec.js';
import type { RegistryDraft, SessionRecord } from './types.js';

export interface UpdateContext {
  file: string;
  staleMs: number;
  onWarning: (message: string) => void;
  now: () => Date;
}

export type Loaded =
  | { kind: 'missing' }
  | { kind: 'ok'; bytes: Buffer; state: RegistryState; invalid: InvalidRecord[] }
  | { kind: 'corrupt'; bytes: Buffer; reason: string; cause?: unknown };

/**
 * Reads and decodes the file without the lock. Safe: writers replace the file by rename, so a read
 * sees one complete version. A missing file (or directory) is `missing`; other read errors throw.
 */
export async function loadRegistry(file: string): Promise<Loaded> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return { kind: 'missing' };
    throw new RegistryIoError('read the session registry', file, err);
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const decoded = decodeRegistry(text);
  if (!decoded.ok) return { kind: 'corrupt', bytes, reason: decoded.reason, cause: decoded.cause };
  return { kind: 'ok', bytes, state: decoded.state, invalid: decoded.invalid };
}

// One queue per file in this process, so that writers of one process take turns without polling the lock.
const queues = new Map<string, Promise<unknown>>();

function serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

function activeNameHolders(sessions: ReadonlyMap<string, SessionRecord>): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const [id, r] of sessions) {
    if (!r || typeof r !== 'object' || r.active !== true) continue;
    const ids = byName.get(r.sessionName);
    if (ids) ids.push(id);
    else byName.set(r.sessionName, [id]);
  }
  return byName;
}

/** Throws when `after` has two active records sharing a name that `before` did not already have. */
function assertNoNewNameClash(
  before: Map<string, string[]>,
  sessions: ReadonlyMap<string, SessionRecord>,
): void {
  for (const [name, ids] of activeNameHolders(sessions)) {
    if (ids.length < 2) continue;
    const earlier = before.get(name) ?? [];
    if (ids.every((id) => earlier.includes(id))) continue; // a clash already in the file is left as it was
    const holder = ids.find((id) => earlier.includes(id)) ?? (ids[0] as string);
    throw new RegistryNameTakenError(name, holder);
  }
}

async function moveAside(file: string, at: Date): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const target = corruptPath(file, at, attempt);
    try {
      // Reserve the name first (rename would silently replace an existing file).
      await writeFile(target, '', { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if (errnoCode(err) === 'EEXIST' && attempt < 100) continue;
      throw new RegistryIoError('move the corrupt registry aside to', target, err);
    }
    try {
      await rename(file, target);
    } catch (err) {
      throw new RegistryIoError('move the corrupt registry aside to', target, err);
    }
    await syncDirectory(dirname(file));
    return target;
  }
}

async function backUp(file: string, bytes: Buffer, at: Date): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const target = corruptPath(file, at, attempt);
    try {
      await writeFile(target, bytes, { flag: 'wx', mode: 0o600 });
      return target;
    } catch (err) {
      if (errnoCode(err) === 'EEXIST' && attempt < 100) continue;
      throw new RegistryIoError('back up the registry to', target, err);
    }
  }
}

async function ensureDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new RegistryIoError('create the registry directory', dir, err);
  }
}

/**
 * Locked read-change-write. Takes the in-process queue, then the file lock; reads the file; runs `fn`
 * (synchronously) on a draft; checks the result (types, no new active-name clash); writes it with
 * {@link atomicWrite} unless nothing changed; releases. If `fn` throws, nothing is written.
 *
 * - A corrupt file is moved aside and {@link RegistryCorruptError} thrown; `fn` does not run.
 * - Invalid records are dropped; the whole file is first copied to `<file>.corrupt-<time>`.
 * - Right before the rename, the lease is checked and the file re-read: if the lock was lost, held too
 *   long to vouch for, or the file changed under us (another writer), nothing is written and the update
 *   starts over (`fn` runs again on the file as it now is); after 5 such attempts, {@link RegistryLockError}.
 */
export function atomicUpdate<T>(ctx: UpdateContext, fn: (draft: RegistryDraft) => T): Promise<T> {
  return serialize(ctx.file, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await updateOnce(ctx, fn);
      } catch (err) {
        // The lock was held too long to be sure of it (a busy machine), or lost: nothing was written, and
        // `fn` only changes the draft, so it is applied again to the file as it is now. Slow, not broken.
        if (
          err instanceof RegistryLockError &&
          err.code === 'registry_lock_compromised' &&
          attempt < COMPROMISED_ATTEMPTS
        ) {
          continue;
        }
        throw err;
      }
    }
  });
}

/** Attempts of one update whose lock could not be vouched for at the write (then its error is thrown). */
const COMPROMISED_ATTEMPTS = 5;

function updateOnce<T>(ctx: UpdateContext, fn: (draft: RegistryDraft) => T): Promise<T> {
  const { file, onWarning } = ctx;
  return (async () => {
    await ensureDirectory(dirname(file));
    const lease = await acquireLock(file, ctx);
    try {
      const at = ctx.now();
      const loaded = await loadRegistry(file);
      if (loaded.kind === 'corrupt') {
        const movedTo = await moveAside(file, at);
        const error = new RegistryCorruptError(file, movedTo, loaded.reason, { cause: loaded.cause });
        onWarning(error.message);
        throw error;
      }
      const state: RegistryState =
        loaded.kind === 'ok' ? loaded.state : { sessions: new Map(), extraTop: {}, lastUpdated: null };
      const invalid = loaded.kind === 'ok' ? loaded.invalid : [];

      const sessions = new Map<string, SessionRecord>();
      const extras = new Map<string, Record<string, unknown>>();
      for (const [id, stored] of state.sessions) {
        sessions.set(id, stored.record);
        extras.set(id, stored.extra);
      }
      const before = encodeRegistry(sessions, extras, state.extraTop, '');
      const namesBefore = activeNameHolders(sessions);
      const now = at.toISOString();

      const result = fn({ sessions, now, lastUpdated: state.lastUpdated });
      if (result instanceof Promise) {
        result.catch(() => {}); // it is not awaited; keep it from becoming an unhandled rejection
        throw new TypeError(
          'SessionRegistry.mutate(): the callback must be synchronous (it returned a promise)',
        );
      }

      assertNoNewNameClash(namesBefore, sessions);
      const after = encodeRegistry(sessions, extras, state.extraTop, ''); // validates every record
      if (after === before && invalid.length === 0) return result; // nothing to write

      if (invalid.length > 0 && loaded.kind === 'ok') {
        const backup = await backUp(file, loaded.bytes, at);
        const list = invalid.map((r) => `${r.id} (${r.reason})`).join('; ');
        onWarning(
          `The session registry ${file} had ${invalid.length} invalid record(s), dropped: ${list}. ` +
            `The file as it was is saved in ${backup}.`,
        );
      }
      await removeOrphanTempFiles(file);
      const expected = loaded.kind === 'ok' ? loaded.bytes : undefined;
      try {
        await atomicWrite(file, encodeRegistry(sessions, extras, state.extraTop, now), {
          mode: 0o600,
          beforeRename: async () => {
            lease.assertHeld();
            const current = await readFile(file).catch((err) => {
              if (errnoCode(err) === 'ENOENT') return undefined;
              throw err;
            });
            if (!sameBytes(current, expected)) {
              throw new RegistryLockError(
                'registry_lock_compromised',
                file,
                `The session registry ${file} was changed by another writer while this process held the lock ` +
                  '(a lock taken over, or a writer that does not lock); nothing was written. Retry.',
              );
            }
            lease.assertHeld();
          },
        });
      } catch (err) {
        if (err instanceof RegistryError) throw err;
        throw new RegistryIoError('write the session registry', file, err);
      }
      return result;
    } finally {
      await lease.release();
    }
  })();
}

function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.equals(b);
}
