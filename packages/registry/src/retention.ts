// The retention rule for kept sessions: the one place that decides which inactive records to forget.
import type { SessionRecord } from './types.js';

/** How many inactive (kept) records the registry holds at most, and for how long. */
export interface RetentionRule {
  /** Inactive records kept at most; the ones with the oldest `lastActivity` beyond it are forgotten. 0 keeps none. */
  maxKept: number;
  /** Inactive records whose `lastActivity` is more than this many hours ago are forgotten. */
  maxAgeHours: number;
}

/** 100 kept sessions, 30 days. */
export const DEFAULT_RETENTION: Readonly<RetentionRule> = Object.freeze({ maxKept: 100, maxAgeHours: 720 });

/** Bounds of a rule's values (the server's options and the daemon's flags use them too). */
export const RETENTION_LIMITS = Object.freeze({ maxKept: 1_000_000, maxAgeHours: 87_600 });

/** Throws a RangeError naming the bad field when the rule cannot be used. */
export function checkRetentionRule(rule: RetentionRule): void {
  const { maxKept, maxAgeHours } = rule ?? {};
  if (!Number.isInteger(maxKept) || maxKept < 0 || maxKept > RETENTION_LIMITS.maxKept)
    throw new RangeError(
      `retention maxKept must be an integer from 0 to ${RETENTION_LIMITS.maxKept}, got ${String(maxKept)}`,
    );
  if (
    typeof maxAgeHours !== 'number' ||
    !Number.isFinite(maxAgeHours) ||
    maxAgeHours <= 0 ||
    maxAgeHours > RETENTION_LIMITS.maxAgeHours
  )
    throw new RangeError(
      `retention maxAgeHours must be a number above 0 and at most ${RETENTION_LIMITS.maxAgeHours}, got ${String(maxAgeHours)}`,
    );
}

function activityTime(record: SessionRecord): number {
  const t = Date.parse(record.lastActivity);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/**
 * Newest first: later `lastActivity`, then later `createdAt`, then the smaller `sessionId` (so ties
 * always break the same way).
 */
function newestFirst(a: SessionRecord, b: SessionRecord): number {
  return (
    activityTime(b) - activityTime(a) ||
    (Date.parse(b.createdAt) || 0) - (Date.parse(a.createdAt) || 0) ||
    (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0)
  );
}

/**
 * The inactive records the rule forgets, oldest first: those past the `maxKept` newest (by
 * `lastActivity`; ties broken by later `createdAt`, then smaller `sessionId` kept), and those whose
 * `lastActivity` is more than `maxAgeHours` before `now` (strictly older; exactly at the cutoff stays).
 * Active records (any status but 'inactive' with `active: true`) are never picked, nor counted. Pure.
 */
export function pickExpired(
  records: Iterable<SessionRecord>,
  rule: RetentionRule,
  now: Date | number,
): SessionRecord[] {
  checkRetentionRule(rule);
  const cutoff = (typeof now === 'number' ? now : now.getTime()) - rule.maxAgeHours * 3_600_000;
  const kept = [...records].filter((r) => !r.active).sort(newestFirst);
  return kept.filter((r, i) => i >= rule.maxKept || activityTime(r) < cutoff).reverse();
}
