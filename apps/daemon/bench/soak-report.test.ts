import { describe, expect, it } from 'vitest';
import type { ArmSample } from './soak-arm.js';
import { clock, slopePerHour, soakSection } from './soak-report.js';

const sample = (atSeconds: number, browsersPssMb: number, serverRssMb = 100): ArmSample => ({
  atSeconds,
  serverRssMb,
  browsersPssMb,
  browserProcesses: 5,
  browsersByKind: { browser: browsersPssMb / 4, renderer: (browsersPssMb * 3) / 4 },
  operations: atSeconds,
});

describe('soak report', () => {
  it('gives the growth per hour from the samples after the warm-up', () => {
    // 0 → 20 min: warm-up jump ignored; after it, +10 MB every 6 minutes = +100 MB/hour.
    const samples = [
      sample(0, 0),
      ...Array.from({ length: 10 }, (_, k) => sample(360 * (k + 1), 500 + 10 * k)),
    ];
    expect(slopePerHour(samples, (s) => s.browsersPssMb)).toBeCloseTo(100, 6);
    expect(slopePerHour(samples, (s) => s.serverRssMb)).toBe(0);
    expect(slopePerHour([sample(0, 1)], (s) => s.browsersPssMb)).toBeNaN();
  });

  it('writes clock times as m:ss under an hour and h mm above', () => {
    expect([clock(0), clock(75), clock(3599), clock(3600), clock(5430)]).toEqual([
      '0:00',
      '1:15',
      '59:59',
      '1 h 00',
      '1 h 30',
    ]);
  });

  it('puts both arms, their totals, growth and first errors in the section', () => {
    const totals = (label: string, failed: number) => ({
      label,
      operations: 900,
      failed,
      quotesMissing: 3,
      recycled: failed ? 0 : 4,
      firstErrors: failed ? ['navigate: boom'] : [],
    });
    const section = soakSection(
      [
        { totals: totals('plain', 1), samples: [sample(0, 400), sample(1800, 450), sample(3600, 500)] },
        { totals: totals('recycled', 0), samples: [sample(0, 400), sample(1800, 400), sample(3600, 400)] },
      ],
      'Setup.',
      'pnpm soak --hours 1',
    );
    expect(section).toContain('| plain | 900 | 1 | 3 | 0 | 100 → 100 (100) | 400 → 500 (500) | +0 | +100 |');
    expect(section).toContain('| recycled | 900 | 0 | 3 | 4 | 100 → 100 (100) | 400 → 400 (400) | +0 | +0 |');
    expect(section).toContain('- plain: navigate: boom');
    expect(section).toContain('| renderer | 300 → 375 (+75) | 300 → 300 (+0) |');
    expect(section).toContain('recycled / plain: 0.80');
    expect(section).toContain('`pnpm soak --hours 1`');
  });
});
