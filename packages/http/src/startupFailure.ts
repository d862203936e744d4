export interface DatabaseDeadline {
  /** DATABASE_TIMEOUT_MS as configured. */
  setting: number;
  /** What a connection attempt got of it. */
  connectMs: number;
}

/**
 * The one line a service prints when it cannot start: the first line of the reason, and for a
 * database that timed out, which setting gave up and after how long.
 */
export function startupFailureLine(label: string, error: unknown, deadline: DatabaseDeadline | undefined): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const timedOut = deadline !== undefined && /timeout|timed out/i.test(message);
  const why = timedOut ? ` (no answer within ${deadline.connectMs} ms, half of DATABASE_TIMEOUT_MS=${deadline.setting})` : '';
  return `${label} failed to start: ${message}${why}`;
}
