import pg from 'pg';

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
    state.failed = true;
    if (!leavesConnectionInStep(error)) state.broken = true;
  };
  const guarded: Query = (...args) => {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      // pg-pool's own pool.query releases the client with its error, which destroys it.
      args[args.length - 1] = (error: unknown, ...rest: unknown[]) => {
        if (error) noteFailure(error);
        (callback as Query)(error, ...rest);
      };
      return query(...args);
    }
    // A ROLLBACK queued behind a statement whose answer never came would wait for a timeout of its
    // own and then be dropped unsent: refuse it at once; destroying the connection rolls back.
    if (state.broken) return Promise.reject(brokenConnection());
    const result = query(...args);
    if (result instanceof Promise) result.catch(noteFailure);
    return result;
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
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    // The callback form is pool.query's, which releases with the statement's error itself.
    if (callback) return super.connect(callback);
    return super.connect().then((client) => {
      const state = checkouts.get(client);
      if (!state) return client;
      state.failed = false;
      const release = client.release;
      client.release = (destroy?: Error | boolean) => release(destroy || !reusable(client, state) || undefined);
      return client;
    });
  }
}
