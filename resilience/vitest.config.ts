import { defineConfig } from 'vitest/config';
import { testCeilingMs } from './src/testCeiling.ts';

export default defineConfig({
  test: {
    testTimeout: testCeilingMs,
    hookTimeout: testCeilingMs,
    // One file at a time: the files spawn processes and load them, and would only slow each other.
    fileParallelism: false,
  },
});
