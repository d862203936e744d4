import type { AccountDb } from '@recovery/db';

export interface EnableOutcome {
  username: string;
  enabled: boolean;
  /** What is wrong with it: 2FA on without its 16 codes or its one event, or leftovers of an enable that did not happen. */
  half: string | null;
}

/**
 * Enabling 2FA as it stands in the database for each user: on, with the 16 codes of its current
 * set and exactly one `two_factor_authentication.enabled` event, or off with neither.
 */
export async function enableOutcomes(db: AccountDb, usernames: string[]): Promise<EnableOutcome[]> {
  const users = await db.user.findMany({ where: { username: { in: usernames } }, include: { twoFactor: true } });
  return Promise.all(
    users.map(async (user) => {
      const factor = user.twoFactor;
      const enabled = !!factor?.enabledAt;
      const codes = factor?.recoveryCodeSet ? await db.recoveryCode.count({ where: { userId: user.id, setId: factor.recoveryCodeSet } }) : 0;
      const allCodes = await db.recoveryCode.count({ where: { userId: user.id } });
      const events = await db.securityEvent.count({ where: { userId: user.id, action: 'two_factor_authentication.enabled' } });
      const whole = enabled ? codes === 16 && allCodes === 16 && events === 1 : allCodes === 0 && events === 0 && !factor?.recoveryCodeSet;
      return { username: user.username, enabled, half: whole ? null : `${user.username}: enabled=${enabled} codes=${codes}/${allCodes} events=${events}` };
    }),
  );
}
