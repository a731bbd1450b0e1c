import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import projects from './vitest.workspace.js';

/**
 * The longest test files start first, whatever their project. vitest's own order runs the projects one
 * after another (by name), so a long file of a late project (the server's fuzz run, say) could start
 * near the end and run alone while the other worker sat idle. Durations come from vitest's results
 * cache of the last run (node_modules/.vite); a file it has not seen yet (a fresh checkout, CI, a new
 * file) goes first, `*.slow.test.ts` before the others, then the larger files.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cost = new Map(files.map((spec) => [spec, this.cost(spec)]));
    return [...files].sort((a, b) => {
      const ca = cost.get(a) as Cost;
      const cb = cost.get(b) as Cost;
      if ((ca.duration === undefined) !== (cb.duration === undefined))
        return ca.duration === undefined ? -1 : 1;
      if (ca.duration !== undefined && cb.duration !== undefined) return cb.duration - ca.duration;
      if (ca.slow !== cb.slow) return ca.slow ? -1 : 1;
      return cb.size - ca.size;
    });
  }

  private cost(spec: TestSpecification): Cost {
    const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
    const size =
      this.ctx.cache.getFileStats(key)?.size ?? statSync(spec.moduleId, { throwIfNoEntry: false })?.size;
    return {
      duration: this.ctx.cache.getFileTestResults(key)?.duration,
      slow: spec.moduleId.endsWith('.slow.test.ts'),
      size: size ?? 0,
    };
  }
}

interface Cost {
  duration: number | undefined;
  slow: boolean;
  size: number;
}

export default defineConfig({
  test: {
    projects,
    // Real browsers and real processes. These bounds only catch a hang: a busy machine (another copy
    // of this suite beside it, or scripts/under-load.mjs) runs a test several times slower, and slow
    // must not mean failed. What a test checks is behaviour, never the clock.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // expect.poll waits for a state; its default (1 s) is a clock bound.
    expect: { poll: { timeout: 30_000 } },
    // Two cores: keep files from fighting over the CPU (each browser test owns a Chromium).
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
  },
});
