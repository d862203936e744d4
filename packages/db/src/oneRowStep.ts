import type { SqlStatement, SqlStep } from './sqlDriver.ts';

/**
 * A step accepted only when it changed exactly one row (a code or challenge spent once, a
 * counter moved once, a row another request has not ended first): a rule PostgreSQL can judge
 * itself, so the step may go with the COMMIT.
 */
export function oneRowStep(statement: SqlStatement): SqlStep {
  return { statement, accept: (result) => result.changes === 1, serverCheck: { oneRow: true } };
}
