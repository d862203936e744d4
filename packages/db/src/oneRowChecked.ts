import { sql } from './sqlDriver.ts';
import type { SqlResult, SqlStatement } from './sqlDriver.ts';

/**
 * A step's statement with its rule judged by PostgreSQL in the same statement (see `OneRowRule`):
 * a data-modifying WITH, then `recovery_refuse_unless` (SQLSTATE RF001) over what it returned:
 * exactly one row and, with `where`, one that passes it. `answer` reads the wrapped statement's
 * answer as the plain statement's.
 */
export function oneRowChecked(statement: SqlStatement, where?: SqlStatement): { statement: SqlStatement; answer(result: SqlResult): SqlResult } {
  const passes = where ? sql` AND coalesce(bool_and(${where}), false)` : sql``;
  if (/\bRETURNING\b/i.test(statement.sql)) {
    // The verdict is the outer row (an aggregate: always one), so it is computed even when the
    // step returned nothing; the step's own rows are the answer.
    return {
      statement: sql`WITH "step" AS (${statement}), "verdict" AS (SELECT "recovery_refuse_unless"(count(*) = 1${passes}) AS "ok" FROM "step") SELECT "step".* FROM "verdict" LEFT JOIN "step" ON true WHERE "verdict"."ok"`,
      answer: (result) => ({ rows: result.rows, changes: result.rows.length }),
    };
  }
  if (where) throw new Error('A rule over the returned row needs a statement that returns it');
  return {
    statement: sql`WITH "step" AS (${statement} RETURNING 1) SELECT "recovery_refuse_unless"(count(*) = 1) AS "ok" FROM "step"`,
    answer: (result) => ({ rows: [], changes: result.rows.filter((row) => row.ok === true).length }),
  };
}
