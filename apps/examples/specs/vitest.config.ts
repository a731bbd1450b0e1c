// The config of the example specs: run by the "vitest spec with a session" example, not by the repo's suite.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['*.spec.ts'], testTimeout: 60_000 } });
