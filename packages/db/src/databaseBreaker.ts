import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import { isHealthProbe } from './requestDeadline.ts';
import type { StatementObserver } from './sqlDriver.ts';

/**
 * A circuit breaker on a database: once the health ping finds the database down, every statement
 * fails at once as unavailable (503) instead of each request waiting out its deadline, until a
 * ping (which passes through) finds it back. Observes statements of both Prisma and the SQL driver.
 */
export class DatabaseBreaker implements StatementObserver {
  private open = false;

  get isOpen(): boolean {
    return this.open;
  }

  trip(): void {
    this.open = true;
  }

  reset(): void {
    this.open = false;
  }

  statement(): void {
    if (this.open && !isHealthProbe()) throw new DriverAdapterError({ kind: 'DatabaseNotReachable' });
  }

  commit(): void {}
}
