import { defineConfig } from 'vitest/config';
import { testCeilingMs } from './src/testing/testCeiling.ts';

export default defineConfig({
  test: { testTimeout: testCeilingMs, hookTimeout: 60_000 },
});
