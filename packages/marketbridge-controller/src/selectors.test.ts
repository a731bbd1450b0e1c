import { describe, expect, it } from 'vitest';
import { DEFAULT_SELECTORS, resolveSelectors } from './selectors.js';

describe('resolveSelectors', () => {
  it('applies overrides and refuses unknown names or empty values', () => {
    expect(resolveSelectors({ symbol: '#ticker' })).toEqual({ ...DEFAULT_SELECTORS, symbol: '#ticker' });
    expect(() => resolveSelectors({ nope: '#x' } as never)).toThrow(/Unknown selector "nope"/);
    expect(() => resolveSelectors({ symbol: ' ' })).toThrow(/non-empty/);
  });
});
