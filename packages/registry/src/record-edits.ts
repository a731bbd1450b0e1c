/**
 * What each of the registry's writes does to the records, as functions of a draft: they run inside
 * `SessionRegistry.mutate`'s lock, so every check they make (a name taken, a record missing) is
 * made against the file as it is now. Results are copies: a caller never holds a draft's live object.
 */

import { randomUUID } from 'node:crypto';
import {
  RegistryNameTakenError,
  RegistryNotFoundError,
  RegistrySessionExistsError,
  RegistryValidationError,
} from './errors.js';
import { DEFAULT_VIEWPORT } from './record-codec.js';
import { pickExpired, type RetentionRule } from './retention.js';
import type { CreateSessionInput, RegistryDraft, SessionPatch, SessionRecord } from './types.js';

export const clone = <T>(value: T): T => structuredClone(value);

function findActiveByName(
  sessions: ReadonlyMap<string, SessionRecord>,
  name: string,
): SessionRecord | undefined {
  for (const r of sessions.values()) if (r.active && r.sessionName === name) return r;
  return undefined;
}

/** See `SessionRegistry.create`. */
export function addRecord(draft: RegistryDraft, input: CreateSessionInput): SessionRecord {
  const { sessionName } = input;
  if (typeof sessionName !== 'string' || sessionName.length === 0) {
    throw new RegistryValidationError('sessionName must be a non-empty string');
  }
  const holder = findActiveByName(draft.sessions, sessionName);
  if (holder && holder.sessionId !== input.sessionId)
    throw new RegistryNameTakenError(sessionName, holder.sessionId);
  const existing = input.sessionId === undefined ? undefined : draft.sessions.get(input.sessionId);
  if (existing?.active) throw new RegistrySessionExistsError(existing.sessionId);

  const record: SessionRecord = {
    sessionId: input.sessionId ?? randomUUID(),
    sessionName,
    createdAt: existing?.createdAt ?? draft.now,
    lastActivity: draft.now,
    currentUrl: input.currentUrl ?? existing?.currentUrl ?? '',
    active: true,
    pageCount: input.pageCount ?? existing?.pageCount ?? 0,
    metadata: clone(input.metadata ?? existing?.metadata ?? {}),
    browserType: input.browserType ?? existing?.browserType ?? 'chromium',
    headless: input.headless ?? existing?.headless ?? true,
    viewport: clone(input.viewport ?? existing?.viewport ?? DEFAULT_VIEWPORT),
    status: 'active',
  };
  draft.sessions.set(record.sessionId, record);
  return clone(record);
}

/** See `SessionRegistry.update`. */
export function patchRecord(draft: RegistryDraft, id: string, patch: SessionPatch): SessionRecord {
  const current = draft.sessions.get(id);
  if (!current) throw new RegistryNotFoundError(id);
  const given = Object.fromEntries(
    Object.entries(patch).filter(([k, v]) => v !== undefined && k !== 'sessionId' && k !== 'createdAt'),
  ) as SessionPatch;
  const next: SessionRecord = {
    ...current,
    ...clone(given),
    lastActivity: given.lastActivity ?? draft.now,
  };
  if (given.active !== undefined && given.status === undefined) {
    next.status = given.active ? (current.status === 'inactive' ? 'active' : current.status) : 'inactive';
  }
  if (given.status !== undefined && given.active === undefined && given.status !== 'crashed') {
    next.active = given.status !== 'inactive';
  }
  if (next.active) {
    const holder = findActiveByName(draft.sessions, next.sessionName);
    if (holder && holder.sessionId !== id)
      throw new RegistryNameTakenError(next.sessionName, holder.sessionId);
  }
  draft.sessions.set(id, next);
  return clone(next);
}

/** Deletes the records last active before `cutoff` (ms since the epoch); see `SessionRegistry.cleanup`. */
export function removeIdleSince(draft: RegistryDraft, cutoff: number, inactiveOnly: boolean): string[] {
  const removed: string[] = [];
  for (const [id, r] of draft.sessions) {
    if (inactiveOnly && r.active) continue;
    if (Date.parse(r.lastActivity) < cutoff) removed.push(id);
  }
  for (const id of removed) draft.sessions.delete(id);
  return removed;
}

/**
 * Deletes the records the retention rule picks among those not spared, and names those no remaining
 * record uses; see `SessionRegistry.forgetExpired`.
 */
export function forgetPicked(
  draft: RegistryDraft,
  rule: RetentionRule,
  now: Date,
  spare: ((record: SessionRecord) => boolean) | undefined,
): { forgotten: SessionRecord[]; unusedNames: string[] } {
  const candidates = [...draft.sessions.values()].filter((r) => !spare?.(r));
  const forgotten = pickExpired(candidates, rule, now);
  if (forgotten.length === 0) return { forgotten: [], unusedNames: [] };
  for (const r of forgotten) draft.sessions.delete(r.sessionId);
  const used = new Set([...draft.sessions.values()].map((r) => r.sessionName));
  const unusedNames = [...new Set(forgotten.map((r) => r.sessionName))].filter((n) => !used.has(n));
  return { forgotten: forgotten.map(clone), unusedNames };
}
