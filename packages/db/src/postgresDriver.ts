import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { corked } from './corked.ts';
import { serverRefusalCode } from './guardedPool.ts';
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

/**
 * The failure to report among a batch's: the statements a destroyed connection cut off fail as
 * "Connection terminated", so the failure that destroyed it (a read timeout), when there is one,
 * is the cause; otherwise the first in order.
 */
function causeOf(answers: readonly PromiseSettledResult<unknown>[]): unknown {
  const failures = answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason as unknown] : []));
  return failures.find((error) => !(error instanceof Error && error.message.startsWith('Connection terminated'))) ?? failures[0];
}

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

  const run = (client: pg.Pool | pg.PoolClient, query: pg.QueryConfig): Promise<SqlResult> =>
    client.query(query).then((result) => ({ rows: result.rows as Record<string, unknown>[], changes: result.command === 'SELECT' ? 0 : (result.rowCount ?? 0) }));

  const send = (client: pg.Pool | pg.PoolClient, statement: SqlStatement): Promise<SqlResult> => run(client, queryFor(statement));

  const once = async (steps: readonly SqlStep[], serverJudged: boolean): Promise<SqlTransactionResult> => {
    // Observed first, in order: an observer that throws (a test's injected failure) fails that
    // statement, and nothing of the transaction reaches the server.
    const judgedHere = (step: SqlStep) => step.accept !== undefined && !(serverJudged && step.serverCheck);
    const judgedCount = steps.findLastIndex(judgedHere) + 1;
    const checked = (index: number) => (serverJudged && index >= judgedCount ? steps[index]!.serverCheck : undefined);
    for (const [index, step] of steps.entries()) {
      observers.statement(step.statement.sql, true);
      const check = checked(index);
      if (check) observers.statement(check.sql, true);
    }
    // A step that cannot be sent (a bad parameter) fails before BEGIN goes out.
    const queries = steps.map((step, index) => {
      const check = checked(index);
      return { statement: queryFor(step.statement), check: check ? queryFor(check) : null };
    });
    const client = await pool.connect();
    // The pool (a GuardedPool) destroys a connection on which anything failed: the server then
    // rolls back, even when the ROLLBACK below could not be sent. And a connection goes back to
    // the pool only once its transaction's end (COMMIT or ROLLBACK) was answered: one released
    // with statements still in flight (a step that threw while being sent) would have the next
    // borrower's COMMIT commit them.
    let ended = false;
    try {
      // Pipelined (the pool's connections run in pipeline mode): BEGIN and every step this
      // process must judge go out at once and the server runs them in order; each answer is then
      // judged in order, as if the steps had run one by one: the first refusal or failure
      // decides, and whatever ran after it is rolled back with it. The steps after those (nothing
      // judges them, or the server does: `serverCheck`) go out with the COMMIT: a transaction
      // costs two round trips (one when nothing is judged here), and the rows the last steps lock
      // (the shared limiter rows come last) are held only while the server runs them and
      // commits, not across a round trip.
      const judged = steps.slice(0, judgedCount);
      const [begin, sent] = corked(client, () => [client.query('BEGIN'), queries.slice(0, judgedCount).map((query) => run(client, query.statement))] as const);
      const rollBack = () =>
        client.query('ROLLBACK').then(
          () => {
            ended = true;
          },
          () => undefined,
        );
      const results: SqlResult[] = [];
      if (judged.length > 0) {
        const batch = await Promise.allSettled([begin, ...sent]);
        const [began, ...answers] = batch;
        if (began?.status === 'rejected') {
          await rollBack();
          throw causeOf(batch);
        }
        for (const [index, step] of judged.entries()) {
          const answer = answers[index]!;
          if (answer.status === 'rejected') {
            await rollBack();
            throw causeOf(batch.slice(index + 1));
          }
          results.push(answer.value);
          if (step.accept && !step.accept(answer.value)) {
            await rollBack();
            return { committed: false, refusedAt: index, results };
          }
        }
      }
      const [tail, commit] = corked(client, () => {
        const sentTail = steps.slice(judgedCount).map((step, offset) => {
          const query = queries[judgedCount + offset]!;
          return { step, answer: run(client, query.statement), check: query.check ? run(client, query.check) : null };
        });
        return [sentTail, client.query('COMMIT')] as const;
      });
      // One handler for every answer at once: a COMMIT that fails while the steps before it are
      // still awaited must not count as an unhandled rejection.
      const settled = await Promise.allSettled<unknown>([judged.length > 0 ? null : begin, ...tail.flatMap(({ answer, check }) => (check ? [answer, check] : [answer])), commit]);
      const last = settled.at(-1) as PromiseSettledResult<pg.QueryResult>;
      if (last.status === 'fulfilled') ended = true;
      // A statement the server failed or refused makes it answer the COMMIT after it with a
      // ROLLBACK: that first failure or refusal is what the caller hears, and nothing was kept.
      // A failure in this process after the COMMIT went out (a read timeout) leaves the outcome
      // unknown: the connection is destroyed, and an unsettled reservation expires on its own.
      if (settled.some((answer) => answer.status === 'rejected')) throw causeOf(settled);
      for (const { step, answer, check } of tail) {
        const result = await answer;
        // The server judged it by the same rule: anything but one `true` from its check, or a
        // disagreement with `accept`, is a bug in one of the two rules (found only after COMMIT).
        const verdict = check ? await check : null;
        if (verdict && (verdict.rows.length !== 1 || Object.values(verdict.rows[0]!)[0] !== true)) throw new Error(`The server check of a step gave no verdict: ${step.statement.sql.slice(0, 60)}`);
        if (step.accept && !step.accept(result)) throw new Error(`A step the server accepted is refused by its own rule: ${step.statement.sql.slice(0, 60)}`);
        results.push(result);
      }
      if (last.status === 'fulfilled' && last.value.command !== 'COMMIT') throw new Error(`The transaction ended with ${last.value.command}, not COMMIT`);
      observers.commit();
      return { committed: true, results };
    } finally {
      client.release(ended ? undefined : true);
    }
  };

  const driver: SqlDriver = {
    provider: 'postgresql',
    query: (statement) => {
      observers.statement(statement.sql, false);
      return send(pool, statement);
    },
    async transaction(steps: readonly SqlStep[]): Promise<SqlTransactionResult> {
      let serverJudged = true;
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(steps, serverJudged);
        } catch (error) {
          // The server refused a step it judged: nothing was kept, and the transaction runs again
          // judged here, which decides (and says which step refused, with its answer).
          if (serverJudged && isServerRefusal(error)) {
            serverJudged = false;
            attempt -= 1;
            continue;
          }
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
