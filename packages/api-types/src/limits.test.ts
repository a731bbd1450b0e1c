import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  buildOpenApiDocument,
  CreateSessionRequestSchema,
  formatIssues,
  formatLimit,
  InteractRequestSchema,
  issuesOf,
  LIMITS,
  limitTable,
  MetadataSchema,
  measureJson,
} from './index.js';

describe('LIMITS', () => {
  it('documents every limit', () => {
    expect(Object.keys(limitTable).sort()).toEqual(Object.keys(LIMITS).sort());
    for (const doc of Object.values(limitTable)) expect(doc.applies.length).toBeGreaterThan(5);
  });

  it('writes numbers grouped by three from 10 000 up', () => {
    expect(formatLimit(8192)).toBe('8192');
    expect(formatLimit(16_384)).toBe('16 384');
    expect(formatLimit(1_000_000)).toBe('1 000 000');
    expect(formatLimit(-100_001)).toBe('-100 001');
    expect(formatLimit(1.5)).toBe('1.5');
  });

  it('reach the OpenAPI document', () => {
    const text = JSON.stringify(buildOpenApiDocument('1'));
    expect(text).toContain(`"maxLength":${LIMITS.sessionNameLength}`);
    expect(text).toContain(`"maxProperties":${LIMITS.metadataKeys}`);
    expect(text).toContain(`at most ${formatLimit(LIMITS.metadataBytes)} bytes serialized`);
    expect(text).toContain(`"maxItems":${LIMITS.scriptArgsItems}`);
    expect(text).toContain(`"maximum":${LIMITS.viewportMax}`);
  });
});

describe('measureJson', () => {
  it('measures depth, keys and the longest key', () => {
    expect(measureJson({ a: { bb: [1, { ccc: 2 }] } }, 10)).toEqual({ depth: 4, keys: 3, longestKey: 'ccc' });
    expect(measureJson(5, 10)).toEqual({ depth: 0, keys: 0, longestKey: '' });
  });

  it('uses no recursion: 1 000 000 levels, and a cycle, cost no stack', () => {
    let deep: unknown = [];
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(measureJson(deep, 8).depth).toBe(9);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(measureJson(cycle, 8).depth).toBe(9);
    const result = MetadataSchema.safeParse({ deep });
    expect(result.success).toBe(false);
    // Alone, the schema has no field name to give: the value is its own subject.
    expect(formatIssues(result.error as z.ZodError)).toBe(
      'the value is nested more than 8 levels deep; the limit is 8 levels',
    );
  });
});

describe('messages name the field and the limit', () => {
  it('metadata: size, depth, keys and key length', () => {
    const cases: [unknown, RegExp][] = [
      [{ blob: 'x'.repeat(70_000 - 11) }, /^metadata is 70 000 bytes serialized; the limit is 16 384 bytes$/],
      [
        { a: { a: { a: { a: { a: { a: { a: { a: { a: 1 } } } } } } } } },
        /^metadata is nested more than 8 levels deep; the limit is 8 levels$/,
      ],
      [
        Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])),
        /^metadata has 300 keys; the limit is 256$/,
      ],
      [{ ['k'.repeat(129)]: 1 }, /^metadata has a key of 129 characters \("k{20}…"\); the limit is 128$/],
    ];
    for (const [metadata, says] of cases) {
      const result = CreateSessionRequestSchema.safeParse({ metadata });
      expect(result.success).toBe(false);
      const error = result.error as z.ZodError;
      expect(formatIssues(error)).toMatch(says);
      expect(issuesOf(error)).toEqual([{ path: 'metadata', message: expect.stringMatching(says) }]);
    }
  });

  it('a value not JSON can carry is refused, not thrown on', () => {
    const result = MetadataSchema.safeParse({ n: 10n });
    expect(formatIssues(result.error as z.ZodError)).toBe('the value is not a JSON value');
  });

  it('a select list picks its own branch of the union: its count and its items are named', () => {
    const many = InteractRequestSchema.safeParse({
      action: 'select',
      selector: '#s',
      value: Array(101).fill('o'),
    });
    expect(formatIssues(many.error as z.ZodError)).toBe('value has 101 items; the limit is 100');
    const long = InteractRequestSchema.safeParse({
      action: 'select',
      selector: '#s',
      value: ['a', 'b'.repeat(10_001)],
    });
    expect(formatIssues(long.error as z.ZodError)).toBe(
      'value.1 is 10 001 characters long; the limit is 10 000',
    );
    const missing = InteractRequestSchema.safeParse({ action: 'select', selector: '#s' });
    expect(formatIssues(missing.error as z.ZodError)).toBe(
      'value: value is required for fill, type, press and select',
    );
  });

  it('other messages keep the "path: message" form', () => {
    const result = CreateSessionRequestSchema.safeParse({ name: '../x', headless: 'yes' });
    expect(formatIssues(result.error as z.ZodError)).toMatch(
      /^name: must start with .*; headless: Invalid input/,
    );
  });
});
