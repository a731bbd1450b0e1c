import { describe, expect, it } from 'vitest';
import { ControllerError } from './errors.js';
import { normalizeSymbol, validateOrder, validateSubscription } from './validation.js';

const rejects = (fn: () => unknown, message: RegExp) => {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ControllerError);
  expect((caught as ControllerError).code).toBe('invalid_input');
  expect((caught as Error).message).toMatch(message);
};

describe('symbols', () => {
  it('trims and upper-cases good ones', () => {
    expect(normalizeSymbol(' aapl ')).toBe('AAPL');
    for (const s of ['BRK.B', 'EUR.USD', 'ES', 'BTC-USD', 'SPX', 'A1', 'AAPL270115C00150000'])
      expect(normalizeSymbol(s)).toBe(s);
  });

  it('rejects anything that could be more than a symbol', () => {
    const bad = [
      '',
      '   ',
      '.AAPL',
      'AA PL',
      'AAPL"',
      "A'); alert(1); ('",
      'AAPL_stock',
      '<b>',
      'A'.repeat(25),
      42,
      null,
    ];
    for (const s of bad) rejects(() => normalizeSymbol(s), /symbol must be/);
  });
});

describe('validateSubscription', () => {
  it('defaults to a stock market data subscription and builds the page key', () => {
    expect(validateSubscription('aapl')).toEqual({
      symbol: 'AAPL',
      instrumentType: 'stock',
      dataType: 'market_data',
      key: 'AAPL_stock_market_data',
    });
    expect(validateSubscription('EUR.USD', { instrumentType: 'forex', dataType: 'bid_ask' }).key).toBe(
      'EUR.USD_forex_bid_ask',
    );
  });

  it('checks the enums', () => {
    rejects(
      () => validateSubscription('AAPL', { instrumentType: 'bond' as never }),
      /instrumentType must be one of stock, option/,
    );
    rejects(
      () => validateSubscription('AAPL', { dataType: 'depth' as never }),
      /dataType must be one of market_data/,
    );
    rejects(
      () => validateSubscription('ES', { instrumentType: 'future', exchange: 'LSE' as never }),
      /exchange must be one of CME/,
    );
  });

  it('takes futures fields for futures only, checked', () => {
    expect(
      validateSubscription('es', {
        instrumentType: 'future',
        exchange: 'cme' as never,
        contractMonth: 'h27',
        lastTradeDate: '20270319',
      }),
    ).toMatchObject({
      key: 'ES_future_market_data',
      futures: { exchange: 'CME', contractMonth: 'H27', lastTradeDate: '20270319' },
    });
    expect(validateSubscription('ES', { instrumentType: 'future' }).futures).toEqual({
      contractMonth: '',
      lastTradeDate: '',
    });
    rejects(() => validateSubscription('AAPL', { exchange: 'CME' }), /exchange apply to futures only/);
    rejects(
      () => validateSubscription('AAPL', { contractMonth: 'H27', lastTradeDate: '20270319' }),
      /contractMonth, lastTradeDate/,
    );
    for (const month of ['A27', 'H2027', 'H7', 'march'])
      rejects(
        () => validateSubscription('ES', { instrumentType: 'future', contractMonth: month }),
        /contractMonth must be/,
      );
    for (const date of ['2027-03-19', '20271301', '20270230', '2027031', 'tomorrow'])
      rejects(
        () => validateSubscription('ES', { instrumentType: 'future', lastTradeDate: date }),
        /lastTradeDate must be/,
      );
  });
});

describe('validateOrder', () => {
  it('accepts market, limit and stop orders and normalises case', () => {
    expect(
      validateOrder({ symbol: 'aapl', action: 'buy' as never, quantity: 10, orderType: 'mkt' as never }),
    ).toEqual({
      symbol: 'AAPL',
      action: 'BUY',
      quantity: 10,
      orderType: 'MKT',
    });
    expect(
      validateOrder({ symbol: 'AAPL', action: 'SELL', quantity: 5, orderType: 'LMT', price: 150.25 }).price,
    ).toBe(150.25);
    expect(
      validateOrder({ symbol: 'AAPL', action: 'SELL', quantity: 5, orderType: 'STP', price: 140 }).orderType,
    ).toBe('STP');
  });

  it('needs a price for limit and stop orders, and none for market orders', () => {
    rejects(
      () => validateOrder({ symbol: 'AAPL', action: 'BUY', quantity: 10, orderType: 'LMT' }),
      /limit order \(LMT\) needs a price/,
    );
    rejects(
      () => validateOrder({ symbol: 'AAPL', action: 'BUY', quantity: 10, orderType: 'STP' }),
      /stop order \(STP\) needs a price/,
    );
    rejects(
      () => validateOrder({ symbol: 'AAPL', action: 'BUY', quantity: 10, orderType: 'MKT', price: 1 }),
      /takes no price/,
    );
    for (const price of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '150' as never])
      rejects(
        () => validateOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT', price }),
        /price must be/,
      );
  });

  it('checks action, type and quantity', () => {
    rejects(
      () => validateOrder({ symbol: 'AAPL', action: 'HOLD' as never, quantity: 1, orderType: 'MKT' }),
      /action must be one of BUY, SELL/,
    );
    rejects(
      () => validateOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MOC' as never }),
      /orderType must be one of MKT, LMT, STP/,
    );
    for (const quantity of [0, -5, 1.5, Number.NaN, '10' as never])
      rejects(
        () => validateOrder({ symbol: 'AAPL', action: 'BUY', quantity, orderType: 'MKT' }),
        /quantity must be/,
      );
    rejects(() => validateOrder(undefined as never), /placeOrder needs/);
  });
});
