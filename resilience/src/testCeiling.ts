/**
 * How long one test or hook here may take before Vitest gives up on it: a ceiling for a test that
 * never finishes, not a pace. Every test here starts real service processes; on a 2-core machine
 * that also runs the other workspaces' tests (or another copy of the suite), starts and restarts
 * take seconds, so it is generous. A wait inside a test that is not itself under test (a database
 * client's request deadline, say) uses this same bound rather than a smaller one of its own.
 */
export const testCeilingMs = 120_000;
