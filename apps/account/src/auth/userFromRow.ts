import { asDate, raw } from '@recovery/db';
import type { SqlRow, SqlStatement, User } from '@recovery/db';

/** The User columns of `u`, for prepared queries that read a user with other rows. */
export const userColumns: SqlStatement = raw('u."id", u."username", u."displayName", u."email", u."passwordHash", u."role", u."createdAt", u."updatedAt"');

export function userFromRow(row: SqlRow): User {
  return {
    id: row.id as string,
    username: row.username as string,
    displayName: row.displayName as string,
    email: row.email as string,
    passwordHash: row.passwordHash as string,
    role: row.role as string,
    createdAt: asDate(row.createdAt)!,
    updatedAt: asDate(row.updatedAt)!,
  };
}
