import { defineConfig } from 'vitest/config';
import { testCeilingMs } from '../apps/account/src/testing/testCeiling.ts';

export default defineConfig({
  test: { testTimeout: testCeilingMs, hookTimeout: 60_000 },
});
