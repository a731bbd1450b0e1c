import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.js';

export default defineConfig({
  test: {
    projects,
    // Real browsers and real processes: generous per-test time, bounded hooks.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: keep files from fighting over the CPU (each browser test owns a Chromium).
    maxWorkers: 2,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
