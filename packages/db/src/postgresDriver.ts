import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { GuardedPool } from './guardedPool.ts';
import { observedAdapter, observedFactory } from './observedAdapter.ts';
import type { PoolStats } from './poolStats.ts';
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

  const run = async (client: pg.Pool | pg.PoolClient, statement: SqlStatement, inTransaction: boolean): Promise<SqlResult> => {
    observers.statement(statement.sql, inTransaction);
    const cacheKey = `${statement.sql}\u0000${statement.params.map((p) => (p instanceof Date ? 'd' : '-')).join('')}`;
    let sql = text.get(cacheKey);
    if (sql === undefined) {
      sql = numbered(statement.sql, statement.params);
      text.set(cacheKey, sql);
    }
    const result = await client.query({ text: sql, values: statement.params.map(bind), types });
    return { rows: result.rows as Record<string, unknown>[], changes: result.command === 'SELECT' ? 0 : (result.rowCount ?? 0) };
  };

  const driver: SqlDriver = {
    provider: 'postgresql',
    query: (statement) => run(pool, statement, false),
    async transaction(steps: readonly SqlStep[]): Promise<SqlTransactionResult> {
      const client = await pool.connect();
      // The pool (a GuardedPool) destroys a connection on which anything failed: the server then
      // rolls back, even when the ROLLBACK below could not be sent.
      try {
        await client.query('BEGIN');
        const results: SqlResult[] = [];
        try {
          for (const [index, step] of steps.entries()) {
            const result = await run(client, step.statement, true);
            results.push(result);
            if (step.accept && !step.accept(result)) {
              await client.query('ROLLBACK');
              return { committed: false, refusedAt: index, results };
            }
          }
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        observers.commit();
        return { committed: true, results };
      } finally {
        client.release();
      }
    },
    observe: (observer) => observers.add(observer),
  };
  const stats = (): PoolStats => ({ provider: 'postgresql', total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max });
  return { factory, driver, stats };
}
