import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { serverRefusalCode } from './guardedPool.ts';
import type { GuardedPool } from './guardedPool.ts';
import { observedAdapter, observedFactory } from './observedAdapter.ts';
import { pipelinedTransaction } from './pipelinedTransaction.ts';
import type { PoolStats } from './poolStats.ts';
import { remainingBudgetMs } from './requestDeadline.ts';
import { StatementObservers } from './sqlDriver.ts';
import { sendSyncedBatch } from './syncedBatch.ts';
import type { SqlDriver, SqlResult, SqlStatement, SqlStep, SqlTransactionResult, SqlValue, TransactionOptions } from './sqlDriver.ts';

const timestampOid = 1114;
const int8Oid = 20;

/** Timestamps are stored without a zone, in UTC (as Prisma writes them); bigints fit in a number here. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === timestampOid) return (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
    if (oid === int8Oid) return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** How many times a transaction the server chose to break a deadlock with runs in all. */
const deadlockRetries = 3;

function isServerRefusal(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.code === serverRefusalCode;
}

function isDeadlock(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.code === '40P01';
}

/** `?` → `$n`; a date parameter is cast, so a CASE of parameters still has a timestamp type. */
function numbered(sql: string, params: readonly SqlValue[]): string {
  let n = 0;
  return sql.replace(/\?/g, () => {
    n += 1;
    return params[n - 1] instanceof Date ? `$${n}::timestamp(3)` : `$${n}`;
  });
}

function bind(value: SqlValue): string | number | boolean | null {
  // ISO text with its zone: PostgreSQL ignores the zone for `timestamp`, so UTC is stored.
  return value instanceof Date ? value.toISOString() : value;
}

/** The SQL driver on the pool Prisma's PostgreSQL adapter uses. */
export function postgresDriverPair(
  pool: GuardedPool,
  makeFactory: (pool: pg.Pool) => SqlMigrationAwareDriverAdapterFactory,
): { factory: SqlMigrationAwareDriverAdapterFactory; driver: SqlDriver; stats: () => PoolStats } {
  const observers = new StatementObservers();
  const factory = observedFactory(makeFactory(pool), observers, (adapter) => observedAdapter(adapter, observers));
  const prepared = new Map<string, { name: string; text: string }>();

  /** The query for a statement: everything that can throw in this process happens here, before anything is sent. */
  const queryFor = (statement: SqlStatement): pg.QueryConfig => {
    const cacheKey = `${statement.sql}\u0000${statement.params.map((p) => (p instanceof Date ? 'd' : '-')).join('')}`;
    let entry = prepared.get(cacheKey);
    if (entry === undefined) {
      entry = { name: `recovery_${prepared.size + 1}`, text: numbered(statement.sql, statement.params) };
      prepared.set(cacheKey, entry);
    }
    // Named: each connection parses and plans a statement once, then only binds and runs it
    // (the hot statements are long upserts whose parsing costs the server more than running them).
    return { name: entry.name, text: entry.text, values: statement.params.map(bind), types };
  };

  const asResult = (result: pg.QueryResult): SqlResult => ({ rows: result.rows as Record<string, unknown>[], changes: result.command === 'SELECT' ? 0 : (result.rowCount ?? 0) });
  const run = (client: pg.Pool | pg.PoolClient, query: pg.QueryConfig): Promise<SqlResult> => client.query(query).then(asResult);
  const runBatch = (client: pg.PoolClient, queries: readonly pg.QueryConfig[]): Promise<SqlResult>[] => sendSyncedBatch(client, queries).map((answer) => answer.then(asResult));

  const tools = { pool, observers, queryFor, runBatch };

  const driver: SqlDriver = {
    provider: 'postgresql',
    query: (statement) => {
      observers.statement(statement.sql, false);
      return run(pool, queryFor(statement));
    },
    async transaction(steps: readonly SqlStep[], options: TransactionOptions = {}): Promise<SqlTransactionResult> {
      let serverJudged = true;
      for (let deadlocks = 0; ; ) {
        try {
          return await pipelinedTransaction(tools, steps, serverJudged, options.flush ?? 'now');
        } catch (error) {
          // The server refused a step it judged: nothing was kept, and the transaction runs again
          // judged here, which decides (and says which step refused, with its answer).
          if (serverJudged && isServerRefusal(error)) {
            serverJudged = false;
            continue;
          }
          // The server rolled the whole transaction back to break a deadlock (two requests that
          // lock the same rows in different orders): nothing of it is kept, so it runs again.
          deadlocks += 1;
          if (!isDeadlock(error) || deadlocks >= deadlockRetries || remainingBudgetMs(Number.POSITIVE_INFINITY) <= 0) throw error;
        }
      }
    },
    observe: (observer) => observers.add(observer),
  };
  const stats = (): PoolStats => ({ provider: 'postgresql', total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max });
  return { factory, driver, stats };
}
