/// <reference types="node" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const accountOrigin = process.env.ACCOUNT_ORIGIN ?? 'http://127.0.0.1:3000';

function devServerPort(): number {
  const raw = process.env.WEB_PORT;
  if (raw === undefined || raw === '') return 5173;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`WEB_PORT must be a TCP port number, got "${raw}"`);
  }
  return port;
}

/**
 * Anchored patterns rather than plain prefixes, so "/dev" does not also swallow an SPA route
 * such as "/devices". changeOrigin stays false so the account service sees the dev origin
 * and its cookies stay scoped to it.
 */
const proxiedPrefixes = ['/api', '/dev', '/healthz', '/.well-known'];
const proxy = Object.fromEntries(
  proxiedPrefixes.map((prefix) => [
    `^${prefix.replace(/[.]/g, '\\.')}(?:[/?]|$)`,
    { target: accountOrigin, changeOrigin: false },
  ]),
);

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Maps would publish the whole source; the account service refuses to serve *.map as well.
    sourcemap: false,
    manifest: true,
  },
  server: {
    host: '127.0.0.1',
    port: devServerPort(),
    strictPort: true,
    proxy,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
    // A ceiling for a test that never finishes, not a pace: tests wait for conditions, and on
    // two cores shared by other suites rendering alone can take seconds.
    testTimeout: 20_000,
  },
});
