// `mb-browser token`: where the token is and whether it is usable; a bad one stops `start` with the fix,
// `token --rotate` writes a usable one, and start then works.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createTempHome } from '@marketbridge/test-helpers';
import { expect, it } from 'vitest';
import { mbBrowser } from './test-fixtures/cli.js';

it('a bad token file: start refuses with the fix, token says why, token --rotate fixes it', async () => {
  using home = createTempHome();
  const cli = (...args: string[]) => mbBrowser(home.dir, args);
  writeFileSync(home.path('token'), 'short\n', { mode: 0o600 });
  try {
    const refused = await cli('start', '--port', '0');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not usable: it must be at least 16 characters (it has 5)');
    expect(refused.stderr).toContain('mb-browser token --rotate');
    expect(readFileSync(home.path('token'), 'utf8')).toBe('short\n');

    const told = JSON.parse((await cli('token', '--json')).stdout);
    expect(told).toEqual({
      tokenFile: home.path('token'),
      usable: false,
      problem: 'must be at least 16 characters (it has 5)',
    });

    const rotated = await cli('token', '--rotate');
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain(`Wrote a new API token to ${home.path('token')}`);
    expect(statSync(home.path('token')).mode & 0o777).toBe(0o600);
    expect((await cli('token')).stdout).toContain('(usable)');
    const started = await cli('start', '--port', '0');
    expect(started.code, started.stderr).toBe(0);
  } finally {
    await cli('stop');
  }
});
