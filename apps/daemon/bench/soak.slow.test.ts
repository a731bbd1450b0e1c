import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseSoakFlags } from './soak-flags.js';

const root = join(import.meta.dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const soak = join(import.meta.dirname, 'soak.ts');

async function runSoak(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, [soak, ...args], {
      cwd: root,
      timeout: 270_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('pnpm soak', () => {
  // A fixed 18 s soak of two daemons, plus their start and stop: its own, longer bound.
  it('runs both servers side by side and reports memory, operations and recycles', {
    timeout: 300_000,
  }, async () => {
    const { code, output } = await runSoak([
      '--minutes',
      '0.3',
      '--sessions',
      '1',
      '--recycle-minutes',
      '0.08',
      '--sample-seconds',
      '8',
      '--no-write',
    ]);
    expect(code, output).toBe(0);
    const rows = output
      .split('\n')
      .filter((l) => /^\| (no recycling|recycled every 0\.08 min) \| \d/.test(l));
    expect(rows, output).toHaveLength(2);
    const [plain, recycled] = rows.map((r) => r.split('|').map((c) => c.trim())) as [string[], string[]];
    // columns: arm, operations, failed, quote reads without a row, recycles, ...
    // Operations ran (how many depends on the machine's speed, so only a few are required) and none failed.
    expect(Number(plain[2])).toBeGreaterThanOrEqual(5);
    expect(plain[3]).toBe('0');
    expect(plain[5]).toBe('0');
    expect(recycled[3]).toBe('0');
    expect(Number(recycled[5])).toBeGreaterThanOrEqual(1);
    expect(output).not.toContain('wrote the Soak section');
  });

  // One refusal through the command as a user types it (exit code 2, the message, the usage); the
  // other bad flags through the same parser in-process (each spawn of tsx costs seconds).
  it('refuses a bad flag with a clear message and the usage, before starting anything', async () => {
    const { code, output } = await runSoak(['--minutes=-3']);
    expect(code).toBe(2);
    expect(output).toContain('--minutes must be a positive number, got "-3"');
    expect(output).toContain('pnpm soak [--minutes 10 | --hours N]');
    expect(output).not.toContain('sessions per server, sampling');
  });

  it.each([
    [['--minutes=-3'], '--minutes must be a positive number, got "-3"'],
    [['--hours', 'lots'], '--hours must be a positive number, got "lots"'],
    [['--minutes', '-3'], "Option '--minutes' argument is ambiguous"],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--sessions', '0'], '--sessions must be a positive number, got "0"'],
  ])('parses %j as a usage error', (args, message) => {
    const parsed = parseSoakFlags(args);
    expect(parsed).toEqual({ error: expect.stringContaining(message) });
  });

  it('reads good flags: hours over minutes, defaults derived from the length', () => {
    expect(parseSoakFlags(['--hours', '2', '--no-write'])).toEqual({
      flags: { minutes: 120, hours: '2', sessions: 3, recycleMinutes: 24, sampleSeconds: 60, write: false },
    });
    expect(parseSoakFlags([])).toEqual({
      flags: {
        minutes: 10,
        hours: undefined,
        sessions: 3,
        recycleMinutes: 2,
        sampleSeconds: 15,
        write: true,
      },
    });
    expect(parseSoakFlags(['--help'])).toEqual({ help: true });
  });
});
