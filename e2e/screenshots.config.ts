import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';

/**
 * `npm run screenshots`: the same stack and Chromium as the e2e tests, one journey that writes
 * the README's gallery (docs/screenshots/*.png) at 1280 and 360 px.
 */
export default defineConfig({
  ...base,
  testDir: './screenshots',
  timeout: 240_000,
  use: { ...base.use, trace: 'off', screenshot: 'off', viewport: { width: 1280, height: 800 } },
});
