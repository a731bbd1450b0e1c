import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.js';

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
  },
});
