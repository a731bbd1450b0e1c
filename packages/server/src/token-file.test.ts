// The token file is checked at start: a token no client could send stops the start with a message
// that says what is wrong and how to fix it, and the file is left as it was.
import { readFileSync, writeFileSync } from 'node:fs';
import { createTempHome, errorOf } from '@marketbridge/test-helpers';
import { describe, expect, it } from 'vitest';
import { createServer, rotateToken, TokenFileError, tokenProblem } from './index.js';

describe('the token file', () => {
  it.each([
    ['x', 'must be at least 16 characters (it has 1)'],
    ['a token with spaces in it', 'must be printable ASCII without spaces'],
    ['é'.repeat(20), 'must be printable ASCII without spaces'],
    ['t'.repeat(600), 'must be at most 512 characters (it has 600)'],
  ])('refuses %j at start, saying why and how to fix it; the file is untouched', async (token, problem) => {
    using home = createTempHome();
    writeFileSync(home.path('token'), `${token}\n`, { mode: 0o600 });
    const error = await errorOf(createServer({ home: home.dir, port: 0, consoleLogLevel: false }));
    expect(error).toBeInstanceOf(TokenFileError);
    expect(error.message).toBe(
      `The API token in ${home.path('token')} is not usable: it ${problem}. ` +
        'Run "mb-browser token --rotate" to write a new one, or delete the file (a new one is made at the next start).',
    );
    expect(readFileSync(home.path('token'), 'utf8')).toBe(`${token}\n`);
  });

  it('starts on a rotated token, and on one with an editor line break around it', async () => {
    using home = createTempHome();
    writeFileSync(home.path('token'), 'x\n', { mode: 0o644 });
    const rotated = await rotateToken(home.path('token'));
    expect(tokenProblem(rotated)).toBeUndefined();
    const server = await createServer({ home: home.dir, port: 0, consoleLogLevel: false });
    try {
      expect(server.token).toBe(rotated);
    } finally {
      await server.close();
    }
    writeFileSync(home.path('token'), '  a-good-token-of-twenty-chars\r\n');
    const again = await createServer({ home: home.dir, port: 0, consoleLogLevel: false });
    try {
      expect(again.token).toBe('a-good-token-of-twenty-chars');
    } finally {
      await again.close();
    }
  });
});
