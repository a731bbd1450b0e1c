import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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
  // A fixed 24 s soak of two daemons, plus their start and stop: its own, longer bound.
  it('runs both servers side by side and reports memory, operations and recycles', {
    timeout: 300_000,
  }, async () => {
    const { code, output } = await runSoak([
      '--minutes',
      '0.4',
      '--sessions',
      '1',
      '--recycle-minutes',
      '0.1',
      '--sample-seconds',
      '8',
      '--no-write',
    ]);
    expect(code, output).toBe(0);
    const rows = output.split('\n').filter((l) => /^\| (no recycling|recycled every 0\.1 min) \| \d/.test(l));
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

  it.each([
    [['--minutes=-3'], '--minutes must be a positive number, got "-3"'],
    [['--hours', 'lots'], '--hours must be a positive number, got "lots"'],
    [['--minutes', '-3'], "Option '--minutes' argument is ambiguous"],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with a clear message and the usage, before starting anything', async (args, message) => {
    const { code, output } = await runSoak(args);
    expect(code).toBe(2);
    expect(output).toContain(message);
    expect(output).toContain('pnpm soak [--minutes 10 | --hours N]');
    expect(output).not.toContain('sessions per server, sampling');
  });
});
