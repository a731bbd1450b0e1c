import { describe, expect, it } from 'vitest';
import {
  CreateSessionRequestSchema,
  ErrorBodySchema,
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
    expect(InteractRequestSchema.safeParse({ action: 'fill', selector: '#s', value: ['a'] }).success).toBe(
      false,
    );
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

  it('allows jpeg quality only with type jpeg', () => {
    expect(ScreenshotRequestSchema.safeParse({ type: 'png', quality: 50 }).success).toBe(false);
    expect(ScreenshotRequestSchema.safeParse({ type: 'jpeg', quality: 50 }).success).toBe(true);
  });

  it('maps every error code to a 4xx/5xx status and validates the error body', () => {
    for (const status of Object.values(errorStatus)) expect(status).toBeGreaterThanOrEqual(400);
    expect(ErrorBodySchema.safeParse({ error: { code: 'session_not_found', message: 'x' } }).success).toBe(
      true,
    );
    expect(ErrorBodySchema.safeParse({ error: { code: 'nope', message: 'x' } }).success).toBe(false);
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
