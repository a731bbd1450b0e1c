import { expect, it } from 'vitest';
import yargs from 'yargs';
import { serveArgsFrom } from './commands/start.js';
import { serverOptionsFrom, withStartFlags } from './server-flags.js';

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

it('--metrics-open-on-loopback becomes the server option metricsOpenOnLoopback; left out, the server default holds', async () => {
  const given = { home: '/h', consoleLogLevel: 'info' };
  const parse = async (argv: string[]) =>
    serverOptionsFrom(await withStartFlags(yargs()).parseAsync(argv), given);
  expect((await parse(['--metrics-open-on-loopback'])).metricsOpenOnLoopback).toBe(true);
  expect(await parse([])).not.toHaveProperty('metricsOpenOnLoopback');
  expect(serveArgsFrom(['start', '--metrics-open-on-loopback'])).toEqual(['--metrics-open-on-loopback']);
});

it('--warm-contexts N, --no-warm and --no-prelaunch become the server options warmContexts, warm and prelaunch', async () => {
  const given = { home: '/h', consoleLogLevel: 'info' };
  const parse = async (argv: string[]) =>
    serverOptionsFrom(await withStartFlags(yargs()).parseAsync(argv), given);
  expect((await parse(['--warm-contexts', '3'])).warmContexts).toBe(3);
  expect((await parse(['--no-warm'])).warm).toBe(false);
  expect(await parse([])).not.toHaveProperty('warmContexts');
  expect(await parse([])).not.toHaveProperty('warm');
  expect((await parse(['--no-prelaunch'])).prelaunch).toBe(false);
  expect(await parse([])).not.toHaveProperty('prelaunch');
  expect(serveArgsFrom(['start', '--no-warm', '--warm-contexts=2'])).toEqual([
    '--no-warm',
    '--warm-contexts=2',
  ]);
});
