import { describe, expect, it } from 'vitest';
import { debugScreenshotPath, sanitizeLabel, timestamp } from './screenshots.js';

describe('debug screenshot names', () => {
  it('sanitises labels so the file stays in the directory', () => {
    expect(sanitizeLabel('after subscribe')).toBe('after_subscribe');
    expect(sanitizeLabel('../../etc/passwd')).toBe('etc_passwd');
    expect(sanitizeLabel('a/b\\c:d*e?f')).toBe('a_b_c_d_e_f');
    expect(sanitizeLabel('')).toBe('screenshot');
    expect(sanitizeLabel('...')).toBe('screenshot');
    expect(sanitizeLabel('x'.repeat(200))).toHaveLength(64);
    const date = new Date(2026, 10, 24, 14, 5, 9, 7);
    expect(timestamp(date)).toBe('20261124_140509_007');
    expect(debugScreenshotPath('/shots', '../up', date)).toBe('/shots/debug_up_20261124_140509_007.png');
  });
});
