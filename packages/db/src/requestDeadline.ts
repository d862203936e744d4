import { AsyncLocalStorage } from 'node:async_hooks';

interface DatabaseContext {
  /** When the request's answer is due (ms since the epoch): no database call may outlast it. */
  deadline?: number;
  /** The health ping, which must reach the database while the breaker is open. */
  probe?: boolean;
}

const context = new AsyncLocalStorage<DatabaseContext>();

/**
 * Runs `work` (a request) with a database deadline: every database call made on its behalf,
 * however deep, waits at most until then, so a failed statement and its rollback cannot take
 * the request past its deadline.
 */
export function withDatabaseDeadline<T>(deadline: number, work: () => T): T {
  return context.run({ ...context.getStore(), deadline }, work);
}

/** What is left of the current request's database budget, or `outsideMs` outside a request. */
export function remainingBudgetMs(outsideMs: number): number {
  const deadline = context.getStore()?.deadline;
  return deadline === undefined ? outsideMs : deadline - Date.now();
}

/**
 * Runs `work` as the health ping: it goes to the database even while the breaker is open, and
 * under no request's deadline (it has its own). The recheck timer is started by a failing
 * request and would otherwise carry that request's long-spent deadline into every ping.
 */
export function asHealthProbe<T>(work: () => T): T {
  return context.run({ probe: true }, work);
}

export function isHealthProbe(): boolean {
  return context.getStore()?.probe === true;
}
