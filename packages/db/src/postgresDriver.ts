import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { GuardedPool } from './guardedPool.ts';
import { observedAdapter, observedFactory } from './observedAdapter.ts';
import type { PoolStats } from './poolStats.ts';
import { remainingBudgetMs } from './requestDeadline.ts';
import { StatementObservers } from './sqlDriver.ts';
import type { SqlDriver, SqlResult, SqlStatement, SqlStep, SqlTransactionResult, SqlValue } from './sqlDriver.ts';

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
  const text = new Map<string, string>();

  const send = (client: pg.Pool | pg.PoolClient, statement: SqlStatement): Promise<SqlResult> => {
    const cacheKey = `${statement.sql}\u0000${statement.params.map((p) => (p instanceof Date ? 'd' : '-')).join('')}`;
    let sql = text.get(cacheKey);
    if (sql === undefined) {
      sql = numbered(statement.sql, statement.params);
      text.set(cacheKey, sql);
    }
    return client.query({ text: sql, values: statement.params.map(bind), types }).then((result) => ({ rows: result.rows as Record<string, unknown>[], changes: result.command === 'SELECT' ? 0 : (result.rowCount ?? 0) }));
  };

  const once = async (steps: readonly SqlStep[]): Promise<SqlTransactionResult> => {
    // Observed first, in order: an observer that throws (a test's injected failure) fails that
    // statement, and nothing of the transaction reaches the server.
    for (const step of steps) observers.statement(step.statement.sql, true);
    const client = await pool.connect();
    // The pool (a GuardedPool) destroys a connection on which anything failed: the server then
    // rolls back, even when the ROLLBACK below could not be sent.
    try {
      // Pipelined (the pool's connections run in pipeline mode): BEGIN and every step go out at
      // once and the server runs them in order, so a transaction costs two round trips (its
      // statements, then COMMIT) instead of one per statement, and the rows it locks are held
      // that much shorter. The steps do not depend on each other's answers; each answer is then
      // judged in order, as if the steps had run one by one: the first refusal or failure
      // decides, and whatever ran after it is rolled back with it.
      const begin = client.query('BEGIN');
      const sent = steps.map((step) => send(client, step.statement));
      const [began, ...answers] = await Promise.allSettled([begin, ...sent]);
      const rollBack = () => client.query('ROLLBACK').catch(() => undefined);
      if (began?.status === 'rejected') {
        await rollBack();
        throw began.reason;
      }
      const results: SqlResult[] = [];
      for (const [index, step] of steps.entries()) {
        const answer = answers[index]!;
        if (answer.status === 'rejected') {
          await rollBack();
          throw answer.reason;
        }
        results.push(answer.value);
        if (step.accept && !step.accept(answer.value)) {
          await rollBack();
          return { committed: false, refusedAt: index, results };
        }
      }
      await client.query('COMMIT');
      observers.commit();
      return { committed: true, results };
    } finally {
      client.release();
    }
  };

  const driver: SqlDriver = {
    provider: 'postgresql',
    query: (statement) => {
      observers.statement(statement.sql, false);
      return send(pool, statement);
    },
    async transaction(steps: readonly SqlStep[]): Promise<SqlTransactionResult> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(steps);
        } catch (error) {
          // The server rolled the whole transaction back to break a deadlock (two requests that
          // lock the same rows in different orders): nothing of it is kept, so it runs again.
          if (!isDeadlock(error) || attempt >= deadlockRetries || remainingBudgetMs(Number.POSITIVE_INFINITY) <= 0) throw error;
        }
      }
    },
    observe: (observer) => observers.add(observer),
  };
  const stats = (): PoolStats => ({ provider: 'postgresql', total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max });
  return { factory, driver, stats };
}
