import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CreateSessionRequestSchema,
  ErrorBodySchema,
  errorCatalog,
  errorStatus,
  FramesQuerySchema,
  HistoryRequestSchema,
  InputRequestSchema,
  InteractRequestSchema,
  ListSessionsQuerySchema,
  LoginCodeRequestSchema,
  LoginExchangeRequestSchema,
  ScreenshotRequestSchema,
  WaitRequestSchema,
} from './index.js';

describe('CreateSessionRequestSchema', () => {
  it('accepts the documented fields', () => {
    const parsed = CreateSessionRequestSchema.parse({
      name: 'trading',
      headless: true,
      viewport: { width: 1280, height: 800 },
      browserType: 'chromium',
      metadata: { owner: 'desk-1' },
      url: 'http://localhost:8080',
      reuse: true,
    });
    expect(parsed.name).toBe('trading');
  });

  it.each([
    [{ name: '../etc/passwd' }, 'name'],
    [{ name: '' }, 'name'],
    [{ name: 'a'.repeat(65) }, 'name'],
    [{ viewport: { width: 10, height: 800 } }, 'viewport'],
    [{ viewport: { width: 1280.5, height: 800 } }, 'viewport'],
    [{ browserType: 'opera' }, 'browserType'],
    [{ headless: 'yes' }, 'headless'],
    [{ unknownField: 1 }, ''],
  ])('rejects %j at %s', (body, path) => {
    const result = CreateSessionRequestSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.') ?? '').toContain(path);
  });
});

describe('InteractRequestSchema', () => {
  it('requires a value for fill, type, press and select', () => {
    for (const action of ['fill', 'type', 'press', 'select']) {
      const result = InteractRequestSchema.safeParse({ action, selector: '#x' });
      expect(result.success, action).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/value is required/);
    }
    expect(InteractRequestSchema.safeParse({ action: 'click', selector: '#x' }).success).toBe(true);
  });

  it('accepts a list of values for select only', () => {
    expect(
      InteractRequestSchema.safeParse({ action: 'select', selector: '#s', value: ['a', 'b'] }).success,
    ).toBe(true);
    for (const action of ['fill', 'click', 'press']) {
      const result = InteractRequestSchema.safeParse({ action, selector: '#s', value: ['a'] });
      expect(result.success, action).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({
        path: ['value'],
        message: 'a list of values is accepted for select only',
      });
    }
  });

  it('keeps accepting (and ignoring) a text value for actions that use none', () => {
    expect(InteractRequestSchema.safeParse({ action: 'click', selector: '#s', value: 'x' }).success).toBe(
      true,
    );
  });

  it('names the actions for an unknown one, as an enum does', () => {
    const result = InteractRequestSchema.safeParse({ action: 'explode', selector: '#s' });
    expect(result.error?.issues[0]).toMatchObject({ path: ['action'] });
    expect(result.error?.issues[0]?.message).toMatch(/^Invalid option: expected one of "click"\|/);
  });

  it('says the value rules in its JSON Schema: one branch per kind of action', () => {
    const js = z.toJSONSchema(InteractRequestSchema, { io: 'input' }) as unknown as {
      oneOf: { properties: { action: { enum?: string[]; const?: string } }; required: string[] }[];
    };
    const needs = (action: string) =>
      js.oneOf
        .find((b) => b.properties.action.enum?.includes(action) || b.properties.action.const === action)
        ?.required.includes('value');
    expect(needs('fill')).toBe(true);
    expect(needs('select')).toBe(true);
    expect(needs('click')).toBe(false);
  });
});

describe('WaitRequestSchema', () => {
  it('discriminates on `for` and rejects fields of another kind', () => {
    expect(WaitRequestSchema.parse({ for: 'selector', selector: '#a', state: 'hidden' }).for).toBe(
      'selector',
    );
    expect(WaitRequestSchema.safeParse({ for: 'text', selector: '#a' }).success).toBe(false);
    expect(WaitRequestSchema.safeParse({ for: 'soon' }).success).toBe(false);
  });
});

describe('query and misc schemas', () => {
  it('parses query booleans strictly', () => {
    expect(ListSessionsQuerySchema.parse({ active: 'true' }).active).toBe(true);
    expect(ListSessionsQuerySchema.safeParse({ active: 'yes' }).success).toBe(false);
  });

  it('allows jpeg quality only with type jpeg, png being the default', () => {
    for (const body of [{ type: 'png', quality: 50 }, { quality: 50 }]) {
      const result = ScreenshotRequestSchema.safeParse(body);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({
        path: ['quality'],
        message: 'quality applies to jpeg only',
      });
    }
    expect(ScreenshotRequestSchema.safeParse({ type: 'jpeg', quality: 50 }).success).toBe(true);
    expect(ScreenshotRequestSchema.safeParse({}).success).toBe(true);
    expect(ScreenshotRequestSchema.safeParse({ type: 'gif' }).error?.issues[0]?.message).toBe(
      'Invalid option: expected one of "png"|"jpeg"',
    );
  });

  it('maps every error code to a 4xx/5xx status and validates the error body', () => {
    for (const status of Object.values(errorStatus)) expect(status).toBeGreaterThanOrEqual(400);
    expect(ErrorBodySchema.safeParse({ error: { code: 'session_not_found', message: 'x' } }).success).toBe(
      true,
    );
    expect(ErrorBodySchema.safeParse({ error: { code: 'nope', message: 'x' } }).success).toBe(false);
  });

  it('says once, for every code, its status and what it means', () => {
    for (const [code, entry] of Object.entries(errorCatalog)) {
      expect(errorStatus[code as keyof typeof errorStatus], code).toBe(entry.status);
      expect(entry.meaning, code).toMatch(/^[A-Z].{10,}\.$/);
    }
    expect(Object.keys(errorStatus)).toEqual(Object.keys(errorCatalog));
  });

  it('has the server codes for inactive sessions and an unusable registry', () => {
    expect(errorStatus.session_inactive).toBe(409);
    expect(errorStatus.registry_unavailable).toBe(503);
  });
});

describe('live view schemas', () => {
  it('accepts the four input events and rejects what does not fit', () => {
    expect(InputRequestSchema.parse({ type: 'click', x: 10.5, y: 20 })).toEqual({
      type: 'click',
      x: 10.5,
      y: 20,
    });
    expect(InputRequestSchema.safeParse({ type: 'wheel', deltaY: 300 }).success).toBe(true);
    expect(InputRequestSchema.safeParse({ type: 'type', text: 'hello' }).success).toBe(true);
    expect(InputRequestSchema.safeParse({ type: 'press', key: 'Enter' }).success).toBe(true);
    for (const bad of [
      { type: 'click', x: -1, y: 0 },
      { type: 'click', x: 1 },
      { type: 'type', text: '' },
      { type: 'press', key: 'Enter', extra: 1 },
      { type: 'drag', x: 1, y: 1 },
    ]) {
      expect(InputRequestSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('history, frames query and login codes', () => {
    expect(HistoryRequestSchema.safeParse({ action: 'back' }).success).toBe(true);
    expect(HistoryRequestSchema.safeParse({ action: 'home' }).success).toBe(false);
    expect(FramesQuerySchema.parse({ quality: '50', maxWidth: '800' })).toEqual({
      quality: 50,
      maxWidth: 800,
    });
    expect(FramesQuerySchema.safeParse({ quality: '0' }).success).toBe(false);
    expect(LoginCodeRequestSchema.safeParse({ ttlSeconds: 5 }).success).toBe(false);
    expect(LoginExchangeRequestSchema.safeParse({}).success).toBe(false);
  });
});
