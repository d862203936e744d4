import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Every test here starts real service processes; on a 2-core machine that also runs the
    // other workspaces' tests, starts and restarts take seconds, so the budgets are generous.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One file at a time: the files spawn processes and load them, and would only slow each other.
    fileParallelism: false,
  },
});
