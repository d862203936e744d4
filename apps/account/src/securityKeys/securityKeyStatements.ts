import { sql } from '@recovery/db';
import type { SqlStatement } from '@recovery/db';

/**
 * Moves a key's signature counter on, only from the value the assertion was checked against: of
 * two racing assertions, one changes the row and the other changes nothing (and is refused).
 */
export function advanceCounterStatement(keyId: string, checkedCounter: number, newCounter: number, now: Date): SqlStatement {
  return sql`UPDATE "SecurityKey" SET "counter" = ${newCounter}, "lastUsedAt" = ${now} WHERE "id" = ${keyId} AND "counter" = ${checkedCounter}`;
}
