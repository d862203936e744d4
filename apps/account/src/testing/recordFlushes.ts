import type { SqlDriver } from '@recovery/db';

/** What each transaction through `driver` asked of its COMMIT (`now` or `later`), until `stop`. */
export function recordFlushes(driver: SqlDriver): { flushes: string[]; stop(): void } {
  const transaction = driver.transaction;
  const flushes: string[] = [];
  driver.transaction = (steps, options) => {
    flushes.push(options?.flush ?? 'now');
    return transaction.call(driver, steps, options);
  };
  return {
    flushes,
    stop: () => {
      driver.transaction = transaction;
    },
  };
}
