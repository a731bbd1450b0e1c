import { seededRandom } from '@marketbridge/api-types';
import { describe, expect, it } from 'vitest';
import { Market, openingPrice } from './market.js';
import { contractMonths } from './page.js';

describe('Market', () => {
  it('opens each symbol at a stable price and walks it in small steps', () => {
    const market = new Market(seededRandom(7));
    expect(market.quote('AAPL').last).toBe(openingPrice('AAPL'));
    expect(openingPrice('AAPL')).not.toBe(openingPrice('MSFT'));
    let previous = market.quote('AAPL').last;
    for (let i = 0; i < 500; i++) {
      const q = market.step('AAPL');
      expect(Math.abs(q.last - previous)).toBeLessThanOrEqual(previous * 0.005 + 0.01);
      expect(q.bid).toBeLessThan(q.ask);
      expect(q.bidSize).toBeGreaterThanOrEqual(100);
      expect(Number.isInteger(q.volume)).toBe(true);
      previous = q.last;
    }
  });

  it('repeats the same walk for the same seed', () => {
    const walk = (seed: number) => {
      const m = new Market(seededRandom(seed));
      return Array.from({ length: 20 }, () => m.step('ES').last);
    };
    expect(walk(1)).toEqual(walk(1));
    expect(walk(1)).not.toEqual(walk(2));
  });
});

describe('contractMonths', () => {
  it('lists month codes from the given month on', () => {
    const months = contractMonths(new Date(Date.UTC(2026, 10, 24)), 5).map((m) => m.code);
    expect(months).toEqual(['X26', 'Z26', 'F27', 'G27', 'H27']);
  });
});
