import { describeSecurityEvent } from '@recovery/core/securityEvents';
import type { SecurityEventView } from '@recovery/core/api/index';
import type { AccountDb } from '@recovery/db';
import { isId } from '@recovery/core/ids';
import { AppError } from '@recovery/core/errors';

type Row = { id: string; action: string; createdAt: Date; ip: string; userAgent: string; actorId: string | null; data: string };

export function toEventView(row: Row, actorNames: Map<string, string>): SecurityEventView {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.data);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
  } catch {
    data = {};
  }
  return {
    id: row.id,
    action: row.action,
    description: describeSecurityEvent(row.action),
    createdAt: row.createdAt.toISOString(),
    ip: row.ip,
    userAgent: row.userAgent,
    actor: row.actorId ? (actorNames.get(row.actorId) ?? 'support') : null,
    data,
  };
}

async function actorNamesFor(db: AccountDb, rows: Row[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const actors = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
  return new Map(actors.map((a) => [a.id, a.displayName]));
}

/** One page of a user's events, newest first; ids sort by time, so the cursor is the last id. */
export async function listSecurityEvents(
  db: AccountDb,
  userId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<{ events: SecurityEventView[]; nextCursor: string | null }> {
  if (page.cursor !== undefined && !isId(page.cursor)) throw new AppError('validation_failed', 'The cursor is not valid', { fields: [{ path: 'cursor', message: 'Not a valid cursor' }] });
  const rows = await db.securityEvent.findMany({
    where: { userId, ...(page.cursor ? { id: { lt: page.cursor } } : {}) },
    orderBy: { id: 'desc' },
    take: page.limit + 1,
  });
  const pageRows = rows.slice(0, page.limit);
  const names = await actorNamesFor(db, pageRows);
  return {
    events: pageRows.map((row) => toEventView(row, names)),
    nextCursor: rows.length > page.limit ? (pageRows.at(-1)?.id ?? null) : null,
  };
}

/** Every event of a user, newest first, for export. */
export async function allSecurityEvents(db: AccountDb, userId: string): Promise<SecurityEventView[]> {
  const rows = await db.securityEvent.findMany({ where: { userId }, orderBy: { id: 'desc' } });
  const names = await actorNamesFor(db, rows);
  return rows.map((row) => toEventView(row, names));
}
