// snake_case (disk) <-> camelCase (API), and validation of both. Pure functions, no I/O.
import { RegistryValidationError } from './errors.js';
import { BROWSER_TYPES, SESSION_STATUSES, type SessionRecord, type Viewport } from './types.js';

export const DEFAULT_VIEWPORT: Readonly<Viewport> = Object.freeze({ width: 1280, height: 800 });

/** A record plus the fields found on disk that this version does not know (kept verbatim on rewrite). */
export interface StoredSession {
  record: SessionRecord;
  extra: Record<string, unknown>;
}

/** The decoded file. Maps keep file order and are safe with any id (even `__proto__`). */
export interface RegistryState {
  sessions: Map<string, StoredSession>;
  /** Unknown top-level fields, kept verbatim on rewrite. */
  extraTop: Record<string, unknown>;
  lastUpdated: string | null;
}

export interface InvalidRecord {
  id: string;
  reason: string;
}

export type DecodeResult =
  | { ok: true; state: RegistryState; invalid: InvalidRecord[] }
  | { ok: false; reason: string; cause?: unknown };

type Check = (value: unknown) => string | undefined; // an error text, or undefined when fine

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const show = (v: unknown): string => {
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

const nonEmptyString: Check = (v) =>
  typeof v === 'string' && v.length > 0 ? undefined : `expected a non-empty string, got ${show(v)}`;
const string: Check = (v) => (typeof v === 'string' ? undefined : `expected a string, got ${show(v)}`);
const timestamp: Check = (v) =>
  typeof v === 'string' && Number.isFinite(Date.parse(v))
    ? undefined
    : `expected an ISO 8601 timestamp, got ${show(v)}`;
const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : `expected true or false, got ${show(v)}`);
const count: Check = (v) =>
  Number.isSafeInteger(v) && (v as number) >= 0
    ? undefined
    : `expected a non-negative integer, got ${show(v)}`;
const object: Check = (v) => (isObject(v) ? undefined : `expected an object, got ${show(v)}`);
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v)
      ? undefined
      : `expected one of ${values.join(', ')}, got ${show(v)}`;
const viewport: Check = (v) =>
  isObject(v) &&
  Number.isSafeInteger(v.width) &&
  Number.isSafeInteger(v.height) &&
  (v.width as number) > 0 &&
  (v.height as number) > 0
    ? undefined
    : `expected { width, height } with positive integers, got ${show(v)}`;

interface Field {
  snake: string;
  camel: keyof SessionRecord;
  check: Check;
  /** Fields with a default may be absent on disk (the seed format has none of these). */
  fallback?: (partial: Record<string, unknown>) => unknown;
}

/** In on-disk order: the eight seed fields, then the fields this package adds. */
const FIELDS: readonly Field[] = [
  { snake: 'session_id', camel: 'sessionId', check: nonEmptyString },
  { snake: 'session_name', camel: 'sessionName', check: nonEmptyString },
  { snake: 'created_at', camel: 'createdAt', check: timestamp },
  { snake: 'last_activity', camel: 'lastActivity', check: timestamp },
  { snake: 'current_url', camel: 'currentUrl', check: string },
  { snake: 'active', camel: 'active', check: boolean },
  { snake: 'page_count', camel: 'pageCount', check: count },
  { snake: 'metadata', camel: 'metadata', check: object },
  { snake: 'browser_type', camel: 'browserType', check: oneOf(BROWSER_TYPES), fallback: () => 'chromium' },
  { snake: 'headless', camel: 'headless', check: boolean, fallback: () => true },
  { snake: 'viewport', camel: 'viewport', check: viewport, fallback: () => ({ ...DEFAULT_VIEWPORT }) },
  {
    snake: 'status',
    camel: 'status',
    check: oneOf(SESSION_STATUSES),
    fallback: (r) => (r.active === true ? 'active' : 'inactive'),
  },
];
const KNOWN_SNAKE = new Set(FIELDS.map((f) => f.snake));
const KNOWN_TOP = new Set(['sessions', 'active_sessions', 'last_updated']);

/** Decodes one on-disk record stored under `id`; returns the reason when it is invalid. */
export function decodeSession(id: string, raw: unknown): StoredSession | { reason: string } {
  if (!isObject(raw)) return { reason: `expected an object, got ${show(raw)}` };
  const record: Record<string, unknown> = {};
  for (const f of FIELDS) {
    let value = raw[f.snake];
    if (value === undefined && f.fallback) value = f.fallback(raw);
    const problem = f.check(value);
    if (problem) return { reason: `${f.snake}: ${problem}` };
    record[f.camel] = value;
  }
  if (record.sessionId !== id) return { reason: `session_id ${show(record.sessionId)} differs from its key` };
  // fromEntries defines own properties: a field named "__proto__" is kept like any other.
  const extra = Object.fromEntries(Object.entries(raw).filter(([k]) => !KNOWN_SNAKE.has(k)));
  return { record: record as unknown as SessionRecord, extra };
}

/**
 * Parses and validates a whole file. A file that is not JSON or whose top level has the wrong shape
 * is `ok: false` (the caller moves it aside). Records with wrong types are listed in `invalid` and
 * left out of `state` (the caller backs the file up before rewriting it without them).
 */
export function decodeRegistry(text: string): DecodeResult {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (cause) {
    return { ok: false, reason: `not valid JSON: ${(cause as Error).message}`, cause };
  }
  if (!isObject(root)) return { ok: false, reason: `the top level is ${show(root)}, not an object` };
  if (!isObject(root.sessions))
    return { ok: false, reason: `"sessions" is ${show(root.sessions)}, not an object` };
  const active = root.active_sessions;
  if (active !== undefined && !(Array.isArray(active) && active.every((x) => typeof x === 'string'))) {
    return { ok: false, reason: `"active_sessions" is ${show(active)}, not a list of ids` };
  }
  const lastUpdated = root.last_updated;
  if (lastUpdated !== undefined && lastUpdated !== null && typeof lastUpdated !== 'string') {
    return { ok: false, reason: `"last_updated" is ${show(lastUpdated)}, not a string` };
  }

  const sessions = new Map<string, StoredSession>();
  const invalid: InvalidRecord[] = [];
  for (const [id, raw] of Object.entries(root.sessions)) {
    const decoded = decodeSession(id, raw);
    if ('reason' in decoded) invalid.push({ id, reason: decoded.reason });
    else sessions.set(id, decoded);
  }
  const extraTop = Object.fromEntries(Object.entries(root).filter(([k]) => !KNOWN_TOP.has(k)));
  return { ok: true, state: { sessions, extraTop, lastUpdated: lastUpdated ?? null }, invalid };
}

/** Checks a record about to be written; throws {@link RegistryValidationError} naming the field. */
export function assertValidRecord(record: SessionRecord, key = record.sessionId): void {
  if (!isObject(record)) throw new RegistryValidationError(`Session ${key}: expected an object`);
  for (const f of FIELDS) {
    const problem = f.check(record[f.camel]);
    if (problem) throw new RegistryValidationError(`Session ${key}: ${f.camel}: ${problem}`);
  }
  if (record.sessionId !== key) {
    throw new RegistryValidationError(
      `Session ${key}: sessionId ${show(record.sessionId)} differs from its key`,
    );
  }
}

function encodeSession(
  record: SessionRecord,
  extra: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const known = FIELDS.map((f) => [f.snake, record[f.camel]] as const);
  const unknown = Object.entries(extra ?? {}).filter(([k]) => !KNOWN_SNAKE.has(k));
  return Object.fromEntries([...known, ...unknown]);
}

/**
 * The file text for `sessions` (validated; throws {@link RegistryValidationError}). `active_sessions`
 * is derived from the records; `extras` and `extraTop` are the unknown fields to carry over.
 */
export function encodeRegistry(
  sessions: ReadonlyMap<string, SessionRecord>,
  extras: ReadonlyMap<string, Record<string, unknown>>,
  extraTop: Record<string, unknown>,
  lastUpdated: string,
): string {
  const entries: [string, Record<string, unknown>][] = [];
  const activeIds: string[] = [];
  for (const [id, record] of sessions) {
    assertValidRecord(record, id);
    entries.push([id, encodeSession(record, extras.get(id))]);
    if (record.active) activeIds.push(id);
  }
  const root = Object.fromEntries([
    ['sessions', Object.fromEntries(entries)],
    ['active_sessions', activeIds],
    ['last_updated', lastUpdated],
    ...Object.entries(extraTop).filter(([k]) => !KNOWN_TOP.has(k)),
  ]);
  return `${JSON.stringify(root, null, 2)}\n`;
}
