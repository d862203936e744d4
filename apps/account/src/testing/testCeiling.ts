/**
 * How long one test may take before Vitest gives up on it (vitest.config.ts): a ceiling for a test
 * that never finishes, not a pace.
 */
export const testCeilingMs = 30_000;

/**
 * The environment for a test whose subject is a burst of simultaneous requests (how many pass,
 * what gets counted), not the database deadline. Dozens of requests queued on a few connections
 * wait longer on a busy machine than DATABASE_TIMEOUT_MS's default before the service would answer
 * 503, so for these the test's own ceiling is the only bound.
 */
export const burstEnv: Record<string, string> = { DATABASE_TIMEOUT_MS: String(testCeilingMs) };
