import { asDate, sql, sqlDriverOf } from '@recovery/db';
import type { AccountDb, Session, User } from '@recovery/db';
import type { NewSession, SessionStore } from '@recovery/http';
import { userColumns, userFromRow } from '../auth/userFromRow.ts';

/**
 * A stored session; when read for a request it carries its user and whether that user has 2FA
 * on, from the same query (the access rules need both on every signed-in request).
 */
export type AccountSession = Session & { user?: User | null; twoFactorOn?: boolean };
export interface AccountSessionExtra {
  sudoUntil: Date | null;
}

export function accountSessionStore(db: AccountDb): SessionStore<AccountSession, AccountSessionExtra> {
  const driver = sqlDriverOf(db);
  return {
    create: (session: NewSession & Partial<AccountSessionExtra>) => db.session.create({ data: session }),
    async find(idHash) {
      const { rows } = await driver.query(sql`SELECT s."idHash" AS "sessionIdHash", s."userId" AS "sessionUserId", s."createdAt" AS "sessionCreatedAt", s."lastSeenAt", s."expiresAt", s."sudoUntil", s."ip", s."userAgent",
${userColumns}, t."enabledAt" AS "twoFactorOn"
FROM "Session" s LEFT JOIN "User" u ON u."id" = s."userId" LEFT JOIN "TwoFactor" t ON t."userId" = s."userId"
WHERE s."idHash" = ${idHash}`);
      const row = rows[0];
      if (!row) return null;
      return {
        idHash: row.sessionIdHash as string,
        userId: (row.sessionUserId as string | null) ?? null,
        createdAt: asDate(row.sessionCreatedAt)!,
        lastSeenAt: asDate(row.lastSeenAt)!,
        expiresAt: asDate(row.expiresAt)!,
        sudoUntil: asDate(row.sudoUntil),
        ip: row.ip as string,
        userAgent: row.userAgent as string,
        user: row.id ? userFromRow(row) : null,
        twoFactorOn: row.twoFactorOn !== null && row.twoFactorOn !== undefined,
      };
    },
    async touch(idHash, lastSeenAt) {
      await driver.query(sql`UPDATE "Session" SET "lastSeenAt" = ${lastSeenAt} WHERE "idHash" = ${idHash}`);
    },
    async delete(idHash) {
      await driver.query(sql`DELETE FROM "Session" WHERE "idHash" = ${idHash}`);
    },
  };
}
