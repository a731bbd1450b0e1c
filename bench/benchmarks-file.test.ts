import { describe, expect, it } from 'vitest';
import { benchDocument, withBlock } from './benchmarks-file.js';

describe('BENCHMARKS.md blocks', () => {
  it('appends a block once, then replaces it in place and keeps what is around it', () => {
    const first = withBlock('# Benchmarks\n\n## A\n', 'soak', 'old figures');
    expect(first).toBe('# Benchmarks\n\n## A\n\n<!-- soak:start -->\nold figures\n<!-- soak:end -->\n');
    const second = withBlock(`${first}\n## B\n`, 'soak', 'new figures\n');
    expect(second).toBe(
      '# Benchmarks\n\n## A\n\n<!-- soak:start -->\nnew figures\n<!-- soak:end -->\n\n## B\n',
    );
  });

  it('a filtered bench run replaces only its own blocks; a full run starts anew but keeps the soak, the profile and the memory study', () => {
    const header = '# Benchmarks\n\nMachine: here.';
    const full = benchDocument(
      withBlock(
        withBlock(withBlock('# old', 'soak', 'soak figures'), 'profile', 'where the time goes'),
        'memory',
        'what a session holds',
      ),
      [
        { name: 'bench a', content: 'A1' },
        { name: 'bench b', content: 'B1' },
      ],
      { filtered: false, header },
    );
    expect(full).toBe(
      '# Benchmarks\n\nMachine: here.\n\n<!-- bench a:start -->\nA1\n<!-- bench a:end -->\n\n' +
        '<!-- bench b:start -->\nB1\n<!-- bench b:end -->\n\n<!-- soak:start -->\nsoak figures\n<!-- soak:end -->\n' +
        '\n<!-- profile:start -->\nwhere the time goes\n<!-- profile:end -->\n' +
        '\n<!-- memory:start -->\nwhat a session holds\n<!-- memory:end -->\n',
    );
    const filtered = benchDocument(full, [{ name: 'bench b', content: 'B2' }], { filtered: true, header });
    expect(filtered).toBe(full.replace('B1', 'B2'));
    // Nothing written yet: a filtered run still gets the header.
    expect(benchDocument('', [{ name: 'bench b', content: 'B2' }], { filtered: true, header })).toBe(
      '# Benchmarks\n\nMachine: here.\n\n<!-- bench b:start -->\nB2\n<!-- bench b:end -->\n',
    );
  });
});
