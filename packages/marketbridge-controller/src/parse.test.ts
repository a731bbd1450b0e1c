import { describe, expect, it } from 'vitest';
import { parseMarketDataRow, parseNumber, parseSubscriptionKey } from './parse.js';

describe('parseNumber', () => {
  it('reads the grid formats', () => {
    expect(parseNumber('900,446')).toBe(900_446);
    expect(parseNumber('1,234,567')).toBe(1_234_567);
    expect(parseNumber('209.03')).toBe(209.03);
    expect(parseNumber('+1.25')).toBe(1.25);
    expect(parseNumber('-0.50')).toBe(-0.5);
    expect(parseNumber('$12.50')).toBe(12.5);
    expect(parseNumber('1.2K')).toBe(1200);
    expect(parseNumber('3M')).toBe(3_000_000);
    expect(parseNumber('0.52%')).toBe(0.52);
  });

  it('gives null for unknown values and anything else', () => {
    for (const text of ['-', '', ' ', '—', 'N/A', null, undefined, 'abc', '1.2.3', '12:30:00'])
      expect(parseNumber(text)).toBeNull();
  });
});

describe('parseMarketDataRow', () => {
  it('maps the contract columns and keeps the texts', () => {
    const cells = ['AAPL', '209.03', '208.99', '209.07', '423,031', '167,754', '-0.52', '87,527', '14:22:32'];
    expect(parseMarketDataRow('AAPL', cells)).toEqual({
      symbol: 'AAPL',
      last: 209.03,
      bid: 208.99,
      ask: 209.07,
      bidSize: 423_031,
      askSize: 167_754,
      change: -0.52,
      volume: 87_527,
      time: '14:22:32',
      cells,
    });
    const empty = parseMarketDataRow('MSFT', ['MSFT', '-', '-', '-', '-', '-', '-', '-', '-']);
    expect(empty).toMatchObject({ last: null, bid: null, bidSize: null, volume: null, time: null });
  });
});

describe('parseSubscriptionKey', () => {
  it('splits keys whose data type contains underscores', () => {
    expect(parseSubscriptionKey('AAPL_stock_market_data')).toEqual({
      key: 'AAPL_stock_market_data',
      symbol: 'AAPL',
      instrumentType: 'stock',
      dataType: 'market_data',
    });
    expect(parseSubscriptionKey('ES_future_time_and_sales')).toMatchObject({
      symbol: 'ES',
      dataType: 'time_and_sales',
    });
    expect(parseSubscriptionKey('odd', ' XYZ ')).toEqual({
      key: 'odd',
      symbol: 'XYZ',
      instrumentType: null,
      dataType: null,
    });
  });
});
