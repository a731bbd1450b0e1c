import { z } from 'zod';
import { formatLimit, LIMITS, type LimitName } from './limits.js';

/**
 * The schema pieces every bound of `LIMITS` is applied with. Their messages are predicates
 * ("is 80 characters long; the limit is 64") that `issuesOf` completes with the field's path:
 * `name is 80 characters long; the limit is 64`.
 */

const lengthOf = (input: unknown) => (typeof input === 'string' ? input.length : 0);
const countOf = (input: unknown) => (Array.isArray(input) ? input.length : 0);

/** A string of at most `LIMITS[limit]` characters (and at least `min`, default 0). */
export function boundedString(limit: LimitName, min = 0) {
  const max = LIMITS[limit];
  const base = min > 0 ? z.string().min(min) : z.string();
  return base.max(max, {
    error: (issue) =>
      `is ${formatLimit(lengthOf(issue.input))} characters long; the limit is ${formatLimit(max)}`,
  });
}

/** An array of at most `LIMITS[limit]` items of `item`. */
export function boundedArray<T extends z.ZodType>(item: T, limit: LimitName) {
  const max = LIMITS[limit];
  return z.array(item).max(max, {
    error: (issue) => `has ${formatLimit(countOf(issue.input))} items; the limit is ${formatLimit(max)}`,
  });
}

function rangeErrors(min: number, max: number, unit: string) {
  const u = unit ? ` ${unit}` : '';
  const show = (input: unknown) => (typeof input === 'number' ? formatLimit(input) : String(input));
  return {
    min: {
      error: (issue: { input?: unknown }) =>
        `is ${show(issue.input)}${u}; the minimum is ${formatLimit(min)}${u}`,
    },
    max: {
      error: (issue: { input?: unknown }) =>
        `is ${show(issue.input)}${u}; the limit is ${formatLimit(max)}${u}`,
    },
  };
}

interface Ranged<T> {
  min(value: number, params: { error: (issue: { input?: unknown }) => string }): T;
  max(value: number, params: { error: (issue: { input?: unknown }) => string }): T;
}

/** `schema` (a number schema: plain, int, coerced) from `min` to `LIMITS[limit]`. */
export function inRange<T extends Ranged<T>>(schema: T, min: number, limit: LimitName, unit = ''): T {
  const max = LIMITS[limit];
  const errors = rangeErrors(min, max, unit);
  return schema.min(min, errors.min).max(max, errors.max);
}

/** An integer from `min` to `LIMITS[limit]`; `unit` ("CSS pixels", "ms") is said in the messages. */
export function boundedInt(min: number, limit: LimitName, unit = '') {
  return inRange(z.int(), min, limit, unit);
}

/** A number from `min` to `LIMITS[limit]`. */
export function boundedNumber(min: number, limit: LimitName, unit = '') {
  return inRange(z.number(), min, limit, unit);
}

/** What {@link measureJson} found. */
export interface JsonMeasure {
  /** Levels of nesting (an object or array is 1; a scalar 0), or `maxDepth + 1` once past `maxDepth`. */
  depth: number;
  /** Keys of every object in the value. */
  keys: number;
  /** The longest key of any object in the value ('' when there is none). */
  longestKey: string;
}

/**
 * Depth, key count and longest key of a JSON-like value, without recursion: it stops descending once
 * the depth passes `maxDepth`, so a deeply nested (or cyclic) value costs no stack and little time.
 */
export function measureJson(value: unknown, maxDepth: number): JsonMeasure {
  const result: JsonMeasure = { depth: 0, keys: 0, longestKey: '' };
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    result.depth = Math.max(result.depth, depth);
    if (depth > maxDepth) break;
    if (Array.isArray(v)) {
      for (const item of v) stack.push([item, depth + 1]);
      continue;
    }
    for (const [key, item] of Object.entries(v)) {
      result.keys++;
      if (key.length > result.longestKey.length) result.longestKey = key;
      stack.push([item, depth + 1]);
    }
  }
  return result;
}

/** Bytes of the compact UTF-8 JSON of `value`; undefined when it is not JSON (a BigInt, a cycle). */
export function serializedBytes(value: unknown): number | undefined {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? 0 : new TextEncoder().encode(text).length;
  } catch {
    return undefined;
  }
}

export interface JsonBounds {
  bytes: LimitName;
  depth?: LimitName;
  keys?: LimitName;
  keyLength?: LimitName;
}

/**
 * The JSON Schema keywords (OpenAPI `x-` extensions) that carry these bounds into the document, where
 * standard keywords cannot say them: `x-maxBytes` (compact UTF-8 JSON), `x-maxDepth` (the value itself
 * is level 1), `x-maxKeys` (over every object in it), `x-maxKeyLength` (any key, at any level). A
 * validator that knows them (the server's OpenAPI tests teach ajv) refuses what the server refuses.
 */
export const JSON_BOUND_KEYWORDS = {
  bytes: 'x-maxBytes',
  depth: 'x-maxDepth',
  keys: 'x-maxKeys',
  keyLength: 'x-maxKeyLength',
} as const satisfies Record<keyof JsonBounds, string>;

/** `schema` checked against `bounds`, with the bounds in its JSON Schema (see {@link JSON_BOUND_KEYWORDS}). */
export function withJsonBounds<T extends z.ZodType>(schema: T, bounds: JsonBounds): T {
  const meta = Object.fromEntries(
    Object.entries(bounds).map(([key, limit]) => [
      JSON_BOUND_KEYWORDS[key as keyof JsonBounds],
      LIMITS[limit as LimitName],
    ]),
  );
  return schema.superRefine(checkJsonBounds(bounds)).meta(meta) as T;
}

/** Checks a JSON value against bounds on its serialized size, nesting, key count and key length. */
export function checkJsonBounds(bounds: JsonBounds) {
  const maxDepth = bounds.depth ? LIMITS[bounds.depth] : LIMITS.bodyJsonDepth;
  return (value: unknown, ctx: z.RefinementCtx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message, input: value });
    const m = measureJson(value, maxDepth);
    if (m.depth > maxDepth) {
      // Nothing more is measured: serializing it is what the bound is there to avoid.
      issue(`is nested more than ${maxDepth} levels deep; the limit is ${maxDepth} levels`);
      return;
    }
    if (bounds.keys && m.keys > LIMITS[bounds.keys]) {
      issue(`has ${formatLimit(m.keys)} keys; the limit is ${formatLimit(LIMITS[bounds.keys])}`);
    }
    if (bounds.keyLength && m.longestKey.length > LIMITS[bounds.keyLength]) {
      const shown = JSON.stringify(`${m.longestKey.slice(0, 20)}…`);
      issue(
        `has a key of ${formatLimit(m.longestKey.length)} characters (${shown}); the limit is ${formatLimit(LIMITS[bounds.keyLength])}`,
      );
    }
    const bytes = serializedBytes(value);
    const maxBytes = LIMITS[bounds.bytes];
    if (bytes === undefined) issue('is not a JSON value');
    else if (bytes > maxBytes) {
      issue(`is ${formatLimit(bytes)} bytes serialized; the limit is ${formatLimit(maxBytes)} bytes`);
    }
  };
}
