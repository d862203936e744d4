import { sql } from '@recovery/db';
import type { SqlStatement } from '@recovery/db';
import type { NewSession } from '@recovery/http';
import type { AccountSessionExtra } from './accountSessionStore.ts';

export function insertSessionStatement(row: NewSession & Partial<AccountSessionExtra>): SqlStatement {
  return sql`INSERT INTO "Session" ("idHash", "userId", "createdAt", "lastSeenAt", "expiresAt", "sudoUntil", "ip", "userAgent")
VALUES (${row.idHash}, ${row.userId}, ${row.createdAt}, ${row.lastSeenAt}, ${row.expiresAt}, ${row.sudoUntil ?? null}, ${row.ip}, ${row.userAgent})`;
}

export function deleteSessionStatement(idHash: string): SqlStatement {
  return sql`DELETE FROM "Session" WHERE "idHash" = ${idHash}`;
}
