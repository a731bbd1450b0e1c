// The secrets of a session's options on disk: the state file has them redacted, `<name>.secrets`
// (0600) the values; loading joins them, and a secret missing from its file is left out, never sent as
// the redaction mark. No browser needed: the state store alone.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { REDACTED, type SessionOptions } from '@marketbridge/api-types';
import { createTempHome } from '@marketbridge/test-helpers';
import { describe, expect, it } from 'vitest';
import { joinSecrets, splitSecrets } from './session-secrets.js';
import { type SavedSession, StateStore } from './state-store.js';

const OPTIONS: SessionOptions = {
  locale: 'de-DE',
  extraHTTPHeaders: { 'X-Desk': 'fx', Authorization: 'Bearer t0k3n', 'X-Api-Key': 'k3y' },
  proxy: { server: 'http://proxy:3128', username: 'trader', password: 'pa55' },
};

function saved(name: string, options?: SessionOptions): SavedSession {
  return {
    cookies: [],
    origins: [],
    marketbridge: {
      version: 1,
      sessionId: `id-${name}`,
      name,
      browserType: 'chromium',
      headless: true,
      viewport: { width: 800, height: 600 },
      metadata: {},
      createdAt: new Date(0).toISOString(),
      savedAt: new Date(0).toISOString(),
      pages: [{ url: 'about:blank' }],
      activePage: 0,
      ...(options ? { options } : {}),
    },
  };
}

describe('splitSecrets / joinSecrets', () => {
  it('take the secrets out and put them back', () => {
    const { stored, secrets } = splitSecrets(OPTIONS);
    expect(stored).toEqual({
      locale: 'de-DE',
      extraHTTPHeaders: { 'X-Desk': 'fx', Authorization: REDACTED, 'X-Api-Key': REDACTED },
      proxy: { server: 'http://proxy:3128', username: 'trader', password: REDACTED },
    });
    expect(secrets).toEqual({
      version: 1,
      proxyPassword: 'pa55',
      headers: { Authorization: 'Bearer t0k3n', 'X-Api-Key': 'k3y' },
    });
    expect(joinSecrets(stored, secrets)).toEqual({ options: OPTIONS, missing: [] });
    expect(splitSecrets({ locale: 'fr-FR' })).toEqual({ stored: { locale: 'fr-FR' }, secrets: undefined });
  });

  it('leave out what the secrets file does not have', () => {
    const { stored } = splitSecrets(OPTIONS);
    expect(joinSecrets(stored, { version: 1, headers: { Authorization: 'Bearer t0k3n' } })).toEqual({
      options: {
        locale: 'de-DE',
        extraHTTPHeaders: { 'X-Desk': 'fx', Authorization: 'Bearer t0k3n' },
        proxy: { server: 'http://proxy:3128', username: 'trader' },
      },
      missing: ['proxy.password', 'extraHTTPHeaders.X-Api-Key'],
    });
  });
});

describe('StateStore', () => {
  it('writes the options redacted, the secrets to <name>.secrets (0600), and joins them on load', async () => {
    using home = createTempHome('mb-secrets-');
    const store = new StateStore(home.path('state'));
    await store.save(saved('desk', OPTIONS));
    const onDisk = readFileSync(store.pathFor('desk'), 'utf8');
    expect(onDisk).not.toContain('pa55');
    expect(onDisk).not.toContain('t0k3n');
    expect(JSON.parse(onDisk).marketbridge.options.proxy.password).toBe(REDACTED);
    expect(store.secretsPathFor('desk')).toBe(home.path('state', 'desk.secrets'));
    expect(statSync(store.secretsPathFor('desk')).mode & 0o777).toBe(0o600);

    const warnings: string[] = [];
    // Another store (another process, after a restart) reads both back.
    const loaded = await new StateStore(home.path('state')).load('desk', (m) => warnings.push(m));
    expect(loaded?.marketbridge.options).toEqual(OPTIONS);
    expect(warnings).toEqual([]);

    // Options without secrets: no secrets file, and an old one goes.
    await store.save(saved('desk', { locale: 'de-DE' }));
    expect(() => statSync(store.secretsPathFor('desk'))).toThrow(/ENOENT/);
    await store.save(saved('plain'));
    expect(() => statSync(store.secretsPathFor('plain'))).toThrow(/ENOENT/);
  });

  it('reports a missing or unusable secrets file and leaves those secrets out', async () => {
    using home = createTempHome('mb-secrets-');
    const store = new StateStore(home.path('state'));
    await store.save(saved('desk', OPTIONS));
    rmSync(store.secretsPathFor('desk'));
    const warnings: string[] = [];
    const loaded = await store.load('desk', (m) => warnings.push(m));
    expect(loaded?.marketbridge.options?.proxy).toEqual({ server: 'http://proxy:3128', username: 'trader' });
    expect(loaded?.marketbridge.options?.extraHTTPHeaders).toEqual({ 'X-Desk': 'fx' });
    expect(warnings).toEqual([
      'Session "desk": the secrets file has no proxy.password, extraHTTPHeaders.Authorization, extraHTTPHeaders.X-Api-Key; they are left out of its options.',
    ]);
    // The next save writes them again (this store read the file as gone).
    await store.save(saved('desk', OPTIONS));
    expect(JSON.parse(readFileSync(store.secretsPathFor('desk'), 'utf8')).proxyPassword).toBe('pa55');

    writeFileSync(store.secretsPathFor('desk'), 'not json');
    warnings.length = 0;
    await store.load('desk', (m) => warnings.push(m));
    expect(warnings[0]).toMatch(/^The secrets file of "desk" is unusable/);
  });

  it('removes both files with the session, and stale temp files of both kinds', async () => {
    using home = createTempHome('mb-secrets-');
    const store = new StateStore(home.path('state'));
    await store.save(saved('desk', OPTIONS));
    await store.remove('desk');
    expect(() => statSync(store.pathFor('desk'))).toThrow(/ENOENT/);
    expect(() => statSync(store.secretsPathFor('desk'))).toThrow(/ENOENT/);

    writeFileSync(home.path('state', 'desk.secrets.tmp-999999999-abcd'), '{}');
    writeFileSync(home.path('state', 'desk.json.tmp-999999999-abcd'), '{}');
    expect((await store.removeStaleTempFiles(() => false)).sort()).toEqual([
      'desk.json.tmp-999999999-abcd',
      'desk.secrets.tmp-999999999-abcd',
    ]);
  });
});
