import type { AccountDb } from '@recovery/db';

/** What the database holds of a user's sign-ins, to compare before and after a fault. */
export interface SignInCounts {
  sessions: number;
  /** `user.login` events. */
  logins: number;
  /** `user.two_factor_challenge_success` events. */
  successes: number;
  /** `user.two_factor_recover` events (a recovery code signed in). */
  recovers: number;
  spentCodes: number;
}

export async function signInOutcomes(db: AccountDb, usernames: string[]): Promise<Map<string, SignInCounts>> {
  const users = await db.user.findMany({ where: { username: { in: usernames } }, select: { id: true, username: true } });
  const counts = new Map<string, SignInCounts>();
  for (const user of users) {
    const events = (action: string) => db.securityEvent.count({ where: { userId: user.id, action } });
    counts.set(user.username, {
      sessions: await db.session.count({ where: { userId: user.id } }),
      logins: await events('user.login'),
      successes: await events('user.two_factor_challenge_success'),
      recovers: await events('user.two_factor_recover'),
      spentCodes: await db.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } }),
    });
  }
  return counts;
}
