import { sqlDriverOf } from '@recovery/db';
import type { TestApp } from './testApp.ts';

/**
 * Makes the next COMMIT of a transaction that ran a statement matching `written` land, and its
 * answer fail as a statement timeout would (SQLSTATE 57014): the observer hears of a commit only
 * after it is done. The service answers 503; the database holds the whole outcome. Says how many
 * commits were lost this way.
 */
export function loseAnswerOfNextCommit(t: Pick<TestApp, 'db'>, written: RegExp): { lost(): number } {
  let lost = 0;
  let matched = false;
  const stop = sqlDriverOf(t.db).observe({
    statement: (sql, inTransaction) => {
      if (inTransaction && written.test(sql)) matched = true;
    },
    commit: () => {
      if (!matched || lost > 0) return;
      lost += 1;
      stop();
      throw Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    },
  });
  return { lost: () => lost };
}
