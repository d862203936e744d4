import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Generous: CI runs every package's suite at once on two cores.
  test: { testTimeout: 30_000 },
});
