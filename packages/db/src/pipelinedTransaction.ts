import type pg from 'pg';
import { corked } from './corked.ts';
import type { GuardedPool } from './guardedPool.ts';
import { oneRowChecked } from './oneRowChecked.ts';
import type { SqlResult, SqlStatement, SqlStep, SqlTransactionResult, StatementObserver } from './sqlDriver.ts';

export interface PipelineTools {
  pool: GuardedPool;
  observers: StatementObserver;
  /** The query for a statement: everything that can throw in this process happens there, before anything is sent. */
  queryFor(statement: SqlStatement): pg.QueryConfig;
  /** Statements sent back to back with one Sync at their end (see `sendSyncedBatch`): each one's answer. */
  runBatch(client: pg.PoolClient, queries: readonly pg.QueryConfig[]): Promise<SqlResult>[];
}

/**
 * The failure to report among a batch's: the statements a destroyed connection cut off fail as
 * "Connection terminated", so the failure that destroyed it (a read timeout), when there is one,
 * is the cause; otherwise the first in order.
 */
function causeOf(answers: readonly PromiseSettledResult<unknown>[]): unknown {
  const failures = answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason as unknown] : []));
  return failures.find((error) => !(error instanceof Error && error.message.startsWith('Connection terminated'))) ?? failures[0];
}

/** A step as it is sent: as written, or with its rule checked in its own statement. */
interface PlannedStep {
  step: SqlStep;
  statement: SqlStatement;
  answer(result: SqlResult): SqlResult;
}

function planned(step: SqlStep, byServer: boolean): PlannedStep {
  const rule = byServer ? step.serverCheck : undefined;
  if (!rule) return { step, statement: step.statement, answer: (result) => result };
  const wrapped = oneRowChecked(step.statement, rule.where);
  return { step, statement: wrapped.statement, answer: wrapped.answer };
}

/**
 * One transaction on one pooled connection, pipelined (the pool's connections run in pipeline
 * mode): BEGIN and every step this process must judge go out at once and the server runs them in
 * order; each answer is then judged in order, as if the steps had run one by one: the first
 * refusal or failure decides, and whatever ran after it is rolled back with it. The steps after
 * those (nothing judges them, or the server does: `serverCheck`, when `serverJudged`) go out with
 * the COMMIT: a transaction costs two round trips (one, in one write, when nothing is judged here), and the rows
 * the last steps lock (the shared limiter rows come last) are held only while the server runs
 * them and commits, not across a round trip.
 */
export async function pipelinedTransaction(tools: PipelineTools, steps: readonly SqlStep[], serverJudged: boolean, flush: 'now' | 'later' = 'now'): Promise<SqlTransactionResult> {
  const { pool, observers, queryFor, runBatch } = tools;
  const judgedHere = (step: SqlStep) => step.accept !== undefined && !(serverJudged && step.serverCheck);
  const judgedCount = steps.findLastIndex(judgedHere) + 1;
  const plan = steps.map((step, index) => planned(step, serverJudged && index >= judgedCount));
  // Observed first, in order: an observer that throws (a test's injected failure) fails that
  // statement, and nothing of the transaction reaches the server.
  for (const { step } of plan) observers.statement(step.statement.sql, true);
  // A step that cannot be sent (a bad parameter) fails before BEGIN goes out.
  const queries = plan.map(({ statement }) => queryFor(statement));
  const client = await pool.connect();
  // The pool (a GuardedPool) destroys a connection on which anything failed: the server then
  // rolls back, even when the ROLLBACK below could not be sent. And a connection goes back to
  // the pool only once its transaction's end (COMMIT or ROLLBACK) was answered: one released
  // with statements still in flight (a step that threw while being sent) would have the next
  // borrower's COMMIT commit them.
  let ended = false;
  try {
    const sendRest = () => [runBatch(client, queries.slice(judgedCount)), client.query('COMMIT')] as const;
    // Nothing to judge here: BEGIN, every step and the COMMIT go out in one write.
    // `later` rides on BEGIN (one simple query, no message more): SET LOCAL ends with the transaction.
    const beginText = flush === 'later' ? 'BEGIN; SET LOCAL synchronous_commit TO off' : 'BEGIN';
    let begin!: Promise<pg.QueryResult>;
    const [sent, rest] = corked(client, () => {
      begin = client.query(beginText);
      // Handled whatever happens after it: a batch that cannot be sent throws before BEGIN's
      // answer is awaited, and the connection is destroyed under it.
      begin.catch(() => undefined);
      return [runBatch(client, queries.slice(0, judgedCount)), judgedCount === 0 ? sendRest() : null] as const;
    });
    const rollBack = () =>
      client.query('ROLLBACK').then(
        () => {
          ended = true;
        },
        () => undefined,
      );
    const results: SqlResult[] = [];
    if (judgedCount > 0) {
      const batch = await Promise.allSettled([begin, ...sent]);
      const [began, ...answers] = batch;
      if (began?.status === 'rejected') {
        await rollBack();
        throw causeOf(batch);
      }
      for (const [index, answer] of answers.entries()) {
        if (answer.status === 'rejected') {
          await rollBack();
          throw causeOf(batch.slice(index + 1));
        }
        results.push(answer.value);
        const { accept } = plan[index]!.step;
        if (accept && !accept(answer.value)) {
          await rollBack();
          return { committed: false, refusedAt: index, results };
        }
      }
    }
    const [tail, commit] = rest ?? corked(client, sendRest);
    // One handler for every answer at once: a COMMIT that fails while the steps before it are
    // still awaited must not count as an unhandled rejection.
    const settled = await Promise.allSettled<unknown>([judgedCount > 0 ? null : begin, ...tail, commit]);
    const last = settled.at(-1) as PromiseSettledResult<pg.QueryResult>;
    if (last.status === 'fulfilled') ended = true;
    // A statement the server failed or refused makes it answer the COMMIT after it with a
    // ROLLBACK: that first failure or refusal is what the caller hears, and nothing was kept.
    // A failure in this process after the COMMIT went out (a read timeout) leaves the outcome
    // unknown: the connection is destroyed, and an unsettled reservation expires on its own.
    if (settled.some((answer) => answer.status === 'rejected')) throw causeOf(settled);
    for (const [offset, answer] of tail.entries()) {
      const { step, answer: asPlain } = plan[judgedCount + offset]!;
      const result = asPlain(await answer);
      // The server judged it by the same rule: a disagreement with `accept` is a bug in one of
      // the two rules (found only after COMMIT).
      if (step.accept && !step.accept(result)) throw new Error(`A step the server accepted is refused by its own rule: ${step.statement.sql.slice(0, 60)}`);
      results.push(result);
    }
    if (last.status === 'fulfilled' && last.value.command !== 'COMMIT') throw new Error(`The transaction ended with ${last.value.command}, not COMMIT`);
    observers.commit();
    return { committed: true, results };
  } finally {
    client.release(ended ? undefined : true);
  }
}
