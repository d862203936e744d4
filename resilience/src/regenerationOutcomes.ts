import type { AccountDb } from '@recovery/db';
import type { ApiBrowser } from './apiBrowser.ts';

export interface Regenerator {
  username: string;
  /** Signed in and in sudo mode, as the regeneration needs. */
  browser: ApiBrowser;
  /** The set the user held before the regeneration (from turning 2FA on). */
  before: string[];
  /** The set a regeneration answered 200 with, if one did. */
  answered?: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((code, i) => code === b[i]);

/**
 * One regeneration as it stands afterwards, whatever it was answered: exactly one live set of 16
 * codes, and either the old set with no regeneration event (nothing committed) or a new set with
 * exactly one event (all committed); a regeneration answered 200 left the very set it showed.
 * Returns what is wrong, or null when it is whole.
 */
export async function halfRegeneration(db: AccountDb, regenerator: Regenerator): Promise<string | null> {
  const { username, browser, before, answered } = regenerator;
  const user = await db.user.findUniqueOrThrow({ where: { username }, include: { twoFactor: true } });
  const setId = user.twoFactor?.recoveryCodeSet ?? null;
  const [inSet, all, events] = await Promise.all([
    setId ? db.recoveryCode.count({ where: { userId: user.id, setId } }) : 0,
    db.recoveryCode.count({ where: { userId: user.id } }),
    db.securityEvent.count({ where: { userId: user.id, action: 'two_factor_authentication.recovery_codes_regenerated' } }),
  ]);
  // What the user is shown now, through the service (the codes are stored encrypted under its key).
  const shown = await browser.get('/api/two-factor/recovery-codes');
  const current = ((shown.json?.codes as Array<{ code: string }> | undefined) ?? []).map((c) => c.code);
  const kept = sameSet(current, before);
  const whole =
    shown.status === 200 &&
    inSet === 16 &&
    all === 16 &&
    (answered ? events === 1 && sameSet(current, answered) : (kept && events === 0) || (!kept && events === 1));
  return whole ? null : `${username}: shown=${shown.status} codes=${inSet}/${all} events=${events} kept=${kept} answered=${!!answered}`;
}
