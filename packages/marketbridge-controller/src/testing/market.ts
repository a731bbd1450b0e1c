/** One symbol's simulated quote. Prices in dollars (2 decimals), sizes and volume in shares. */
export interface Quote {
  symbol: string;
  last: number;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  volume: number;
}

const cents = (n: number) => Math.round(n * 100) / 100;

/** A stable starting price per symbol, between 20 and 500 dollars. */
export function openingPrice(symbol: string): number {
  let hash = 2_166_136_261;
  for (const char of symbol) hash = Math.imul(hash ^ char.charCodeAt(0), 16_777_619) >>> 0;
  return cents(20 + (hash % 48_000) / 100);
}

/** Simulated market: every `step` moves a symbol's last price by a small random walk. */
export class Market {
  readonly #quotes = new Map<string, Quote>();
  readonly #random: () => number;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  #size(min: number, max: number): number {
    return Math.floor(min + this.#random() * (max - min));
  }

  /** The symbol's current quote (created at its opening price on first use). */
  quote(symbol: string): Quote {
    let quote = this.#quotes.get(symbol);
    if (!quote) {
      quote = { symbol, last: openingPrice(symbol), bid: 0, ask: 0, bidSize: 0, askSize: 0, volume: 0 };
      this.#spread(quote);
      this.#quotes.set(symbol, quote);
    }
    return quote;
  }

  /** Moves the symbol one step (at most ±0.5 %, never below one cent) and returns the new quote. */
  step(symbol: string): Quote {
    const quote = this.quote(symbol);
    quote.last = Math.max(0.01, cents(quote.last * (1 + (this.#random() - 0.5) * 0.01)));
    this.#spread(quote);
    quote.volume += this.#size(100, 50_000);
    return quote;
  }

  #spread(quote: Quote): void {
    const half = Math.max(0.01, cents(quote.last * 0.0002));
    quote.bid = Math.max(0.01, cents(quote.last - half));
    quote.ask = cents(quote.last + half);
    quote.bidSize = this.#size(100, 1_000_000);
    quote.askSize = this.#size(100, 1_000_000);
  }
}
