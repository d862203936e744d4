import { sqlDriverOf } from '@recovery/db';
import type { TestApp } from './testApp.ts';

/**
 * Fails the next statement matching `pattern` as a statement timeout would (SQLSTATE 57014),
 * before it reaches the database. Says how many statements were failed.
 */
export function failNextStatement(t: Pick<TestApp, 'db'>, pattern: RegExp): { failed(): number } {
  let failed = 0;
  const stop = sqlDriverOf(t.db).observe({
    statement: (sql) => {
      if (failed > 0 || !pattern.test(sql)) return;
      failed += 1;
      stop();
      throw Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    },
    commit: () => undefined,
  });
  return { failed: () => failed };
}
