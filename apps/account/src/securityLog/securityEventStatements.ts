import { joinSql, sql } from '@recovery/db';
import type { SqlStatement } from '@recovery/db';
import { securityEventRow } from './recordSecurityEvent.ts';
import type { SecurityEventInput } from './recordSecurityEvent.ts';

/** Appends events to the security log in one statement (inside the outcome they record). */
export function insertSecurityEventsStatement(events: readonly SecurityEventInput[], now: Date): SqlStatement {
  const rows = events.map((event) => {
    const row = securityEventRow(event, now);
    return sql`(${row.id}, ${row.userId}, ${row.action}, ${row.actorId}, ${row.ip}, ${row.userAgent}, ${row.data}, ${row.createdAt})`;
  });
  return sql`INSERT INTO "SecurityEvent" ("id", "userId", "action", "actorId", "ip", "userAgent", "data", "createdAt") VALUES ${joinSql(rows, ', ')}`;
}
