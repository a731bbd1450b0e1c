import { describe, expect, it } from 'vitest';
import { withBlock } from './benchmarks-file.js';

describe('BENCHMARKS.md blocks', () => {
  it('appends a block once, then replaces it in place and keeps what is around it', () => {
    const first = withBlock('# Benchmarks\n\n## A\n', 'soak', 'old figures');
    expect(first).toBe('# Benchmarks\n\n## A\n\n<!-- soak:start -->\nold figures\n<!-- soak:end -->\n');
    const second = withBlock(`${first}\n## B\n`, 'soak', 'new figures\n');
    expect(second).toBe(
      '# Benchmarks\n\n## A\n\n<!-- soak:start -->\nnew figures\n<!-- soak:end -->\n\n## B\n',
    );
  });
});
