import type { AccountDb } from '@recovery/db';
import { passwordStep, signUpWithTwoFactor } from './accountUsers.ts';
import { ApiBrowser } from './apiBrowser.ts';

export interface Recoverer {
  username: string;
  /** At the second sign-in step, its one-time password emailed. */
  browser: ApiBrowser;
  code: string;
  /** Whether "Verify email address" answered 201. */
  answered?: boolean;
}

/**
 * An account with 2FA whose owner, in another browser, entered the password and chose "Start
 * account recovery": the one-time password is read from the outbox (tests keep mail in the database).
 */
export async function startDeviceRecovery(db: AccountDb, origin: string, username: string): Promise<Recoverer> {
  await signUpWithTwoFactor(new ApiBrowser(origin), username);
  const browser = new ApiBrowser(origin);
  const signIn = await passwordStep(browser, username);
  if (signIn.status !== 200) throw new Error(`password step answered ${signIn.status}`);
  const started = await browser.post('/api/auth/account-recovery/start');
  if (started.status !== 200) throw new Error(`recovery start answered ${started.status}`);
  const mail = await db.outboxMessage.findFirstOrThrow({
    where: { recipient: `${username}@example.com`, subject: 'Your account recovery one-time password' },
    orderBy: { createdAt: 'desc' },
  });
  const code = /\b(\d{6})\b/.exec(mail.body)?.[1];
  if (!code) throw new Error('no one-time password in the email');
  return { username, browser, code };
}

/**
 * A recovery filed with the verified email, as it stands afterwards: either nothing of it (the
 * one-time password unspent, the pending sign-in kept, no request, no event) or all of it (the
 * password spent, the sign-in attempt gone, one request with its evidence and one `start` event).
 * One answered 201 filed it.
 */
export async function halfDeviceRecovery(db: AccountDb, recoverer: Recoverer): Promise<string | null> {
  const user = await db.user.findUniqueOrThrow({ where: { username: recoverer.username } });
  const [codes, requests, evidence, events, pending] = await Promise.all([
    db.emailRecoveryCode.findMany({ where: { userId: user.id } }),
    db.recoveryRequest.count({ where: { userId: user.id, status: 'pending' } }),
    db.deviceRecoveryEvidence.count({ where: { userId: user.id } }),
    db.securityEvent.count({ where: { userId: user.id, action: 'two_factor_account_recovery.start' } }),
    db.pendingSignIn.count({ where: { userId: user.id } }),
  ]);
  const spent = codes.filter((c) => c.verifiedAt !== null).length;
  const untouched = codes.length === 1 && spent === 0 && pending === 1 && requests === 0 && evidence === 0 && events === 0;
  const filed = codes.length === 1 && spent === 1 && pending === 0 && requests === 1 && evidence === 1 && events === 1;
  const whole = recoverer.answered ? filed : untouched || filed;
  return whole ? null : `${recoverer.username}: spent=${spent}/${codes.length} pending=${pending} requests=${requests} evidence=${evidence} events=${events} answered=${!!recoverer.answered}`;
}
