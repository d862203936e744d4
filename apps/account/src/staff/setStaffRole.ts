import { AppError } from '@recovery/core/errors';
import type { AccountDb } from '@recovery/db';

/**
 * Grants or revokes the support-staff role. Rule: staff accounts always have 2FA, so the role is
 * only granted to an account with 2FA on (and the staff API checks it again on every request).
 */
export async function setStaffRole(db: AccountDb, username: string, grant: boolean): Promise<void> {
  const user = await db.user.findUnique({ where: { username: username.toLowerCase() }, include: { twoFactor: true } });
  if (!user) throw new AppError('not_found', `No account named ${username}`);
  if (grant && !user.twoFactor?.enabledAt) {
    throw new AppError('conflict', `${user.displayName} must turn on two-factor authentication before becoming support staff`);
  }
  await db.user.update({ where: { id: user.id }, data: { role: grant ? 'staff' : 'user' } });
  if (!grant) await db.session.deleteMany({ where: { userId: user.id } });
}
