import { AsyncResource } from 'node:async_hooks';
import pg from 'pg';
import { remainingBudgetMs } from './requestDeadline.ts';

/** The SQLSTATE of `recovery_refuse_unless` (the migration `refusal_guard`): a step the server refused. */
export const serverRefusalCode = 'RF001';

/** Told about a WARNING the server sends on a connection (e.g. "there is already a transaction in progress"). */
export type ServerWarningListener = (warning: { code: string | undefined; message: string }) => void;

interface Checkout {
  /** A statement failed during this checkout (on the server or on the way). */
  failed: boolean;
  /** The connection is out of step with the server (a timed-out answer, a dropped socket): nothing more is sent on it. */
  broken: boolean;
}

const checkouts = new WeakMap<pg.ClientBase, Checkout>();

/** An error the server reported keeps the protocol in step; anything else (a read timeout, a reset) does not. */
function leavesConnectionInStep(error: unknown): boolean {
  return error instanceof pg.DatabaseError;
}

function brokenConnection(): Error {
  return Object.assign(new Error('Connection terminated: an earlier statement on this connection got no answer'), { code: 'ECONNRESET' });
}

type Query = (...args: unknown[]) => unknown;

type Checkin = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/** pg-pool's own words for a connection that did not come in time (databaseUnavailable knows them). */
function connectTimeout(): Error {
  return new Error('timeout exceeded when trying to connect: the request has no time left for the database');
}

export function readTimeout(): Error {
  return new Error('Query read timeout: the request has no time left for the database');
}

/**
 * A statement may wait at most what is left of its request's deadline (or the configured
 * query_timeout, when that is sooner): a failed statement and the ROLLBACK after it cannot take
 * the request past its deadline. Undefined when the request has no time left.
 */
function withinBudget(config: unknown, configuredMs: unknown): { config: object; shortened: boolean } | undefined {
  // pg keeps `false` for no timeout.
  const outside = typeof configuredMs === 'number' && configuredMs > 0 ? configuredMs : Number.POSITIVE_INFINITY;
  const budget = remainingBudgetMs(outside);
  if (budget <= 0) return undefined;
  const base = typeof config === 'string' ? { text: config } : (config as object);
  if (budget >= outside) return { config: base, shortened: false };
  const queryTimeout = Math.max(1, Math.floor(budget));
  // A submittable (a statement of a synced batch) is the query itself: it takes the timeout as it is.
  if (typeof (base as { submit?: unknown }).submit === 'function') return { config: Object.assign(base, { query_timeout: queryTimeout }), shortened: true };
  return { config: { ...base, query_timeout: queryTimeout }, shortened: true };
}

/**
 * Watches a new connection for its whole life: an 'error' while it is checked out must not crash
 * the process (the pool listens only while it is idle), and every failure is noted so the
 * checkout's release can destroy it.
 */
function watch(client: pg.PoolClient, onWarning: ServerWarningListener | undefined): void {
  const state: Checkout = { failed: false, broken: false };
  checkouts.set(client, state);
  client.on('error', () => {
    state.failed = true;
    state.broken = true;
  });
  if (onWarning) {
    client.on('notice', (notice) => {
      if (notice.severity === 'WARNING') onWarning({ code: notice.code, message: notice.message ?? '' });
    });
  }
  const query = client.query.bind(client) as Query;
  const noteFailure = (error: unknown): void => {
    // A step the server refused (RF001) and the statements after it in that transaction (25P02)
    // are not failures of the connection: the COMMIT after them rolls back, and it is reusable.
    if (error instanceof pg.DatabaseError && (error.code === serverRefusalCode || error.code === '25P02')) return;
    state.failed = true;
    if (!leavesConnectionInStep(error)) state.broken = true;
  };
  const configuredMs = (client as unknown as { connectionParameters?: { query_timeout?: unknown } }).connectionParameters?.query_timeout;
  const guarded: Query = (...args) => {
    const callback = args.at(-1);
    const budgeted = withinBudget(args[0], configuredMs);
    const config = budgeted?.config;
    // A read timeout on a statement the request's deadline shortened says so: it is the request's
    // deadline that ran out, not the statement's own timeout.
    const shortened = budgeted?.shortened === true;
    const named = (error: unknown): unknown => (shortened && error instanceof Error && error.message === 'Query read timeout' ? readTimeout() : error);
    if (typeof callback === 'function') {
      if (!config) {
        process.nextTick(() => (callback as Query)(readTimeout()));
        return undefined;
      }
      // pg-pool's own pool.query releases the client with its error, which destroys it.
      args[0] = config;
      args[args.length - 1] = (error: unknown, ...rest: unknown[]) => {
        if (error) noteFailure(error);
        (callback as Query)(error ? named(error) : error, ...rest);
      };
      return query(...args);
    }
    // A ROLLBACK queued behind a statement whose answer never came would wait for a timeout of its
    // own and then be dropped unsent: refuse it at once; destroying the connection rolls back.
    if (state.broken) return Promise.reject(brokenConnection());
    if (!config) {
      noteFailure(readTimeout());
      return Promise.reject(readTimeout());
    }
    args[0] = config;
    const result = query(...args);
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      noteFailure(error);
      throw named(error);
    });
  };
  client.query = guarded as typeof client.query;
}

/**
 * Whether a connection may go back to the pool: nothing failed while it was out, and the server
 * last said it is idle outside any transaction. Otherwise it is destroyed, and the server rolls
 * back whatever it still holds open, instead of the next borrower's BEGIN joining it and its
 * COMMIT committing an abandoned half.
 */
function reusable(client: pg.PoolClient, state: Checkout): boolean {
  return !state.failed && client.getTransactionStatus() === 'I';
}

/**
 * The pool both Prisma's adapter and the SQL driver check connections out of. Every connection
 * listens for 'error' for its whole life, and one that failed is destroyed on release, however
 * the borrower releases it (Prisma's PgTransaction releases without an error even after its COMMIT
 * or ROLLBACK failed).
 */
export class GuardedPool extends pg.Pool {
  constructor(config: pg.PoolConfig, onWarning?: ServerWarningListener) {
    super(config);
    this.on('connect', (client) => watch(client, onWarning));
    // An idle connection the server ends (a restart, a dropped database) must not crash the
    // process; the next query on the pool reports the problem.
    this.on('error', () => undefined);
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: Checkin): void;
  override connect(callback?: Checkin): Promise<pg.PoolClient> | void {
    if (callback) {
      // pool.query's: it releases with the statement's error itself. Bound to the caller's
      // context: a caller that waited for a free connection is called back from the releasing
      // request's, and would take its deadline.
      const bound = AsyncResource.bind(callback);
      const budget = remainingBudgetMs(Number.POSITIVE_INFINITY);
      if (this.idleCount > 0 || budget === Number.POSITIVE_INFINITY) return super.connect(bound);
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        bound(connectTimeout(), undefined, () => undefined);
      }, Math.max(0, budget));
      return super.connect((error, client, done) => {
        clearTimeout(timer);
        if (!settled) return bound(error, client, done);
        // Given up on: a connection that came goes back to the pool. A failure (pg-pool's own
        // connection timeout among them) comes with no release function and has nothing to give back.
        if (client) done();
      });
    }
    return this.checkout().then((client) => {
      const state = checkouts.get(client);
      if (!state) return client;
      state.failed = false;
      const release = client.release;
      client.release = (destroy?: Error | boolean) => release(destroy || !reusable(client, state) || undefined);
      return client;
    });
  }

  /** A connection, waiting for one at most what is left of the request's deadline. */
  private checkout(): Promise<pg.PoolClient> {
    const budget = remainingBudgetMs(Number.POSITIVE_INFINITY);
    if (this.idleCount > 0 || budget === Number.POSITIVE_INFINITY) return super.connect();
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(connectTimeout());
      }, Math.max(0, budget));
      super.connect().then(
        (client) => {
          clearTimeout(timer);
          // Given up on: the connection goes back to the pool for the next request.
          if (settled) client.release();
          else resolve(client);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}
