import type { SqlResult, SqlStatement } from './sqlDriver.ts';

const guard = `SELECT "recovery_refuse_unless"(count(*) = 1) AS "ok" FROM "step"`;

/**
 * A step's statement with the rule "it changed exactly one row" judged by PostgreSQL in the same
 * statement: a data-modifying WITH, then `recovery_refuse_unless` (SQLSTATE RF001) over how many
 * rows it returned. `answer` reads the wrapped statement's answer as the plain statement's.
 */
export function oneRowChecked(statement: SqlStatement): { statement: SqlStatement; answer(result: SqlResult): SqlResult } {
  if (/\bRETURNING\b/i.test(statement.sql)) {
    // The verdict is the outer row (an aggregate: always one), so it is computed even when the
    // step returned nothing; the step's own rows are the answer.
    return {
      statement: { sql: `WITH "step" AS (${statement.sql}), "verdict" AS (${guard}) SELECT "step".* FROM "verdict" LEFT JOIN "step" ON true WHERE "verdict"."ok"`, params: statement.params },
      answer: (result) => ({ rows: result.rows, changes: result.rows.length }),
    };
  }
  return {
    statement: { sql: `WITH "step" AS (${statement.sql} RETURNING 1) ${guard}`, params: statement.params },
    answer: (result) => ({ rows: [], changes: result.rows.filter((row) => row.ok === true).length }),
  };
}
