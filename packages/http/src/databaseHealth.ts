import { AppError } from '@recovery/core/errors';
import type { Logger } from 'pino';
import { asHealthProbe } from '@recovery/db';
import type { DatabaseBreaker } from '@recovery/db';

export interface DatabaseHealthOptions {
  logger: Logger;
  /** One cheap round trip to the database (SELECT 1), through the SQL driver: it carries the probe mark past the breaker. */
  ping: () => Promise<unknown>;
  /** DATABASE_TIMEOUT_MS: how long a request, or the readiness check, waits for the database. */
  timeoutMs: number;
  /** Whether an error means the database is unreachable or stalled (not a bug, not bad input). */
  isUnavailable: (error: unknown) => boolean;
  /** While the database is down, how often to ping it to notice that it is back. */
  recheckMs?: number;
  /** Opened when a ping fails (database calls then fail at once), closed when one succeeds. */
  breaker?: Pick<DatabaseBreaker, 'trip' | 'reset'>;
}

/** Settles like `work`, or rejects once `ms` have passed without an answer. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n').filter((line) => line.trim() !== '').at(-1) ?? 'unknown';
}

/**
 * What a service knows about its database: whether it answers now (readiness), and whether an
 * error is the database being gone, which the client hears as 503 `unavailable` with Retry-After.
 * An outage is logged once when the first failure shows it and once when a ping finds the
 * database back, however many requests fail in between.
 */
export class DatabaseHealth {
  private downSince: number | undefined;
  private failures = 0;
  private recheck: NodeJS.Timeout | undefined;
  private checking = false;
  private pastOutagesMs = 0;
  private classified = 0;

  constructor(private readonly options: DatabaseHealthOptions) {}

  get down(): boolean {
    return this.downSince !== undefined;
  }

  /** Errors that meant the database was unreachable or stalled, since start (metrics). */
  get unavailableErrors(): number {
    return this.classified;
  }

  /** How long the database has been unavailable since start, the current outage included (metrics). */
  unavailableMs(): number {
    return this.pastOutagesMs + (this.downSince === undefined ? 0 : Date.now() - this.downSince);
  }

  /** Classifies a request's error, and notes the outage if it is one. */
  unavailable(error: unknown): boolean {
    if (!this.options.isUnavailable(error)) return false;
    this.classified++;
    this.markDown(error);
    return true;
  }

  /** The answer a request gets while the database is unavailable. */
  unavailableError(): AppError {
    return new AppError('unavailable', 'The service cannot reach its database right now; try again in a few seconds', {
      retryAfter: Math.max(1, Math.ceil(this.options.timeoutMs / 1000)),
    });
  }

  /** Pings the database, waiting at most the deadline; the ping passes the breaker. */
  async ready(): Promise<boolean> {
    try {
      await withDeadline(asHealthProbe(() => this.options.ping()), this.options.timeoutMs);
    } catch (error) {
      this.markDown(error);
      // One request's failure only starts the pings; a ping that fails too opens the breaker.
      this.options.breaker?.trip();
      return false;
    }
    this.options.breaker?.reset();
    this.markUp();
    return true;
  }

  close(): void {
    clearInterval(this.recheck);
  }

  private markDown(error: unknown): void {
    this.failures++;
    if (this.downSince !== undefined) return;
    this.downSince = Date.now();
    this.failures = 1;
    this.options.logger.error({ reason: reason(error) }, 'database unavailable: answering 503 until it is back');
    this.recheck = setInterval(() => {
      if (this.checking) return;
      this.checking = true;
      void this.ready().finally(() => {
        this.checking = false;
      });
    }, this.options.recheckMs ?? 1_000);
    this.recheck.unref();
  }

  private markUp(): void {
    if (this.downSince === undefined) return;
    this.options.logger.warn({ outageMs: Date.now() - this.downSince, failures: this.failures }, 'database available again');
    this.pastOutagesMs += Date.now() - this.downSince;
    this.downSince = undefined;
    clearInterval(this.recheck);
  }
}
