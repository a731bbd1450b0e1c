import { describe, expect, it } from 'vitest';
import {
  CreateSessionRequestSchema,
  formatIssues,
  isCredentialHeader,
  pickSessionOptions,
  REDACTED,
  redactOptions,
  StorageStateSchema,
} from './index.js';

const issues = (body: unknown) => {
  const result = CreateSessionRequestSchema.safeParse(body);
  return result.success ? '' : formatIssues(result.error);
};

describe('profile options', () => {
  it('accept what Playwright takes', () => {
    expect(
      issues({
        name: 'desk',
        userAgent: 'Mozilla/5.0 (X11) MarketBridge/1',
        locale: 'de-DE',
        timezoneId: 'America/Argentina/Buenos_Aires',
        geolocation: { latitude: -90, longitude: 180, accuracy: 5 },
        permissions: ['geolocation', 'clipboard-read'],
        colorScheme: 'dark',
        extraHTTPHeaders: { 'X-Desk': 'fx', Authorization: 'Bearer t' },
        deviceScaleFactor: 2,
        device: 'iPhone 15',
        proxy: {
          server: 'http://127.0.0.1:3128',
          bypass: '.internal, localhost',
          username: 'u',
          password: 'p',
        },
      }),
    ).toBe('');
    for (const server of ['proxy.example:3128', 'socks5://10.0.0.1:1080', 'https://[::1]:8443', 'squid']) {
      expect(issues({ proxy: { server } }), server).toBe('');
    }
  });

  it('refuse what is out of range or malformed, naming the field', () => {
    expect(issues({ geolocation: { latitude: 90.5, longitude: -180.5 } })).toBe(
      'geolocation.latitude is 90.5 degrees; the limit is 90 degrees; geolocation.longitude is -180.5 degrees; the minimum is -180 degrees',
    );
    for (const server of [
      'http://',
      'ftp://proxy:21',
      'http://user:pw@proxy:3128',
      'http://proxy/path',
      'a b',
    ]) {
      expect(issues({ proxy: { server } }), server).toMatch(/^proxy\.server: must be a proxy such as/);
    }
    expect(issues({ locale: 'english!' })).toMatch(/^locale: must be a BCP 47 language tag/);
    expect(issues({ colorScheme: 'sepia' })).toMatch(/^colorScheme: /);
    expect(issues({ extraHTTPHeaders: { 'X-A': 'line\r\nInjected: 1' } })).toMatch(
      /extraHTTPHeaders\.X-A: must not contain control characters/,
    );
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`x-${i}`, '1']));
    expect(issues({ extraHTTPHeaders: many })).toBe('extraHTTPHeaders has 65 headers; the limit is 64');
    expect(issues({ deviceScaleFactor: 0 })).toBe('deviceScaleFactor is 0; the minimum is 0.1');
  });

  it('are picked from a request, and redacted for echo', () => {
    expect(pickSessionOptions({ name: 'x', locale: 'fr-FR', headless: true })).toEqual({ locale: 'fr-FR' });
    expect(pickSessionOptions({ name: 'x' })).toBeUndefined();
    const options = {
      locale: 'fr-FR',
      proxy: { server: 'http://p:1', username: 'u', password: 'secret-pw' },
      extraHTTPHeaders: { Authorization: 'Bearer t', 'X-Api-Key': 'k', Cookie: 'c', 'X-Desk': 'fx' },
    };
    expect(redactOptions(options)).toEqual({
      locale: 'fr-FR',
      proxy: { server: 'http://p:1', username: 'u', password: REDACTED },
      extraHTTPHeaders: { Authorization: REDACTED, 'X-Api-Key': REDACTED, Cookie: REDACTED, 'X-Desk': 'fx' },
    });
    expect(options.proxy.password).toBe('secret-pw'); // a copy: the original keeps its secret
    for (const name of [
      'authorization',
      'Proxy-Authorization',
      'cookie',
      'X-Auth-Token',
      'client_secret',
      'api-key',
    ])
      expect(isCredentialHeader(name), name).toBe(true);
    for (const name of ['Accept-Language', 'X-Desk', 'User-Agent'])
      expect(isCredentialHeader(name), name).toBe(false);
  });
});

describe('storage state', () => {
  it("is Playwright's format, and nothing else", () => {
    const state = {
      cookies: [
        {
          name: 'sid',
          value: '1',
          domain: '127.0.0.1',
          path: '/',
          expires: -1,
          httpOnly: true,
          secure: false,
          sameSite: 'Lax',
        },
      ],
      origins: [{ origin: 'http://127.0.0.1:8080', localStorage: [{ name: 'token', value: 'abc' }] }],
    };
    expect(StorageStateSchema.safeParse(state).success).toBe(true);
    expect(issues({ storageState: { cookies: [] } })).toBe(
      'storageState.origins: Invalid input: expected array, received undefined',
    );
    expect(
      issues({ storageState: { ...state, origins: [{ origin: 'file:///etc', localStorage: [] }] } }),
    ).toMatch(/^storageState\.origins\.0\.origin: must be an http\(s\) origin/);
    expect(issues({ storageState: 'state.json' })).toMatch(/^storageState: Invalid input: expected object/);
  });
});
