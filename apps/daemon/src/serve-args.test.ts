import { expect, it } from 'vitest';
import { serveArgsFrom } from './commands/start.js';

it('passes the server flags to the background serve, without those of start and restart', () => {
  expect(
    serveArgsFrom([
      'restart',
      '--home',
      '/h',
      '--timeout-ms',
      '5000',
      '--wait-ms=9000',
      '--port',
      '0',
      '--json',
      '--max-sessions=3',
      '--waitMs',
      '1',
      '--log-level',
      'debug',
    ]),
  ).toEqual(['--port', '0', '--max-sessions=3', '--log-level', 'debug']);
  expect(serveArgsFrom(['start', '--wait-ms', '5000', '--home=/h'])).toEqual([]);
});
