import type { AccountDb } from '@recovery/db';
import { ApiBrowser, errorCode, errorMessage } from './apiBrowser.ts';
import type { ApiResponse } from './apiBrowser.ts';
import { password, passwordStep, totpStep } from './accountUsers.ts';
import type { TotpDevice } from './totpDevice.ts';

export interface Attempt {
  /** Which instance answered (index into the instance origins). */
  instance: number;
  /** The answer to the code. */
  status: number;
  code: string | undefined;
  message: string | undefined;
  /** Seconds, when refused as rate limited. */
  retryAfter: number | undefined;
  /** Whether a password step preceded this guess (a new sign-in attempt). */
  newSignIn: boolean;
}

function attemptOf(instance: number, res: ApiResponse, newSignIn: boolean): Attempt {
  return {
    instance,
    status: res.status,
    code: errorCode(res),
    message: errorMessage(res),
    retryAfter: res.retryAfter === null ? undefined : Number(res.retryAfter),
    newSignIn,
  };
}

export interface Victim {
  login: string;
  device: TotpDevice;
}

/**
 * An attacker who knows the password guesses authenticator codes one at a time, each guess on
 * the next instance in turn (a password step on the other one), starting a new sign-in whenever
 * the service voids the current one, until it refuses with 429 or `maxGuesses` are spent.
 */
export async function guessUntilRefused(instances: string[], attacker: ApiBrowser, victim: Victim, maxGuesses = 40): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  let signedIn = false;
  while (attempts.length < maxGuesses) {
    // Guesses alternate strictly; a password step goes to the instance the guess will not.
    const instance = attempts.length % instances.length;
    let newSignIn = false;
    if (!signedIn) {
      const challenge = await passwordStep(attacker, victim.login, instances[(instance + 1) % instances.length]);
      if (challenge.status !== 200 || challenge.json?.twoFactorRequired !== true) {
        throw new Error(`the password step answered ${challenge.status}: ${JSON.stringify(challenge.json)}`);
      }
      signedIn = true;
      newSignIn = true;
    }
    const res = await totpStep(attacker, victim.device.wrongCode(), instances[instance]);
    const attempt = attemptOf(instance, res, newSignIn);
    attempts.push(attempt);
    if (res.status === 429 || res.status === 200) break;
    // 401: the sign-in attempt is void (too many wrong codes); the password step starts over.
    if (res.status === 401) signedIn = false;
  }
  return attempts;
}

/**
 * On each instance: a fresh password step, then the *right* code. A locked account must refuse
 * it (429) without looking at it, so a lock cannot be used as an oracle or worked around.
 */
export async function rightCodeOnEachInstance(instances: string[], attacker: ApiBrowser, victim: Victim): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  for (const [instance, origin] of instances.entries()) {
    const challenge = await passwordStep(attacker, victim.login, origin);
    if (challenge.status !== 200) throw new Error(`the password step answered ${challenge.status}`);
    attempts.push(attemptOf(instance, await totpStep(attacker, victim.device.peekCode(), origin), true));
  }
  return attempts;
}

/** The owner, on a browser they have signed in from before: password on one instance, code on the other. */
export async function ownerSignsIn(instances: string[], owner: ApiBrowser, victim: Victim): Promise<ApiResponse> {
  const challenge = await passwordStep(owner, victim.login, instances[0]);
  if (challenge.status !== 200 || challenge.json?.twoFactorRequired !== true) throw new Error(`the owner's password step answered ${challenge.status}`);
  return totpStep(owner, await victim.device.nextCode(), instances[instances.length - 1]);
}

/**
 * Many guesses in flight at once: `signIns` pending sign-ins (each from its own attacker browser,
 * from one address, or from its own address when `ip` is a function of the sign-in's index),
 * `perSignIn` wrong codes each, all sent together across the instances. The answers alone cannot
 * say how many codes were checked (a guess refused on a spent sign-in attempt answers 401 like
 * the fifth wrong code), so count those with `codesChecked`.
 */
export async function concurrentBurst(
  instances: string[],
  ip: string | ((signIn: number) => string),
  victim: Victim,
  signIns: number,
  perSignIn: number,
): Promise<Attempt[]> {
  const addressOf = typeof ip === 'string' ? () => ip : ip;
  const browsers = Array.from({ length: signIns }, (_, i) => new ApiBrowser(instances[0]!, { ip: addressOf(i), userAgent: 'Attacker/2.0' }));
  for (const [i, browser] of browsers.entries()) {
    const challenge = await passwordStep(browser, victim.login, instances[i % instances.length]);
    if (challenge.status !== 200) throw new Error(`the password step answered ${challenge.status}`);
  }
  const sends = browsers.flatMap((browser, i) =>
    Array.from({ length: perSignIn }, async (_, j) => {
      const instance = (i + j) % instances.length;
      return attemptOf(instance, await totpStep(browser, victim.device.wrongCode(), instances[instance]), false);
    }),
  );
  return Promise.all(sends);
}

/**
 * How many codes the service checked and found wrong for this account, from its security log:
 * the 2FA step records `user.two_factor_challenge_failure` for every code it looked at, and for
 * nothing it refused before looking (a lock, a spent sign-in attempt).
 */
export async function codesChecked(db: AccountDb, username: string): Promise<number> {
  return db.securityEvent.count({ where: { user: { username }, action: 'user.two_factor_challenge_failure' } });
}

/** "12 × 429 rate_limited", one line per distinct answer, most frequent first. */
export function tallyAnswers(attempts: Attempt[]): string[] {
  const tally = new Map<string, number>();
  for (const a of attempts) {
    const answer = `${a.status} ${a.status === 400 ? a.code : a.message}`;
    tally.set(answer, (tally.get(answer) ?? 0) + 1);
  }
  return [...tally].sort((a, b) => b[1] - a[1]).map(([answer, count]) => `${count} × ${answer}`);
}

/**
 * Someone who controls the victim's mailbox resets the password: asks for the link on one
 * instance, reads it from the outbox (development and tests keep mail in the database, and the
 * service prepares it just after answering, so it is polled for), and sets the password on the
 * other instance. The new password is the one the helpers sign in with, so later steps need no
 * change; for the limits it makes no difference which password is chosen.
 */
export async function resetPasswordByMail(instances: string[], db: AccountDb, login: string, ip: string): Promise<ApiResponse> {
  const browser = new ApiBrowser(instances[0]!, { ip, userAgent: 'MailboxHolder/1.0' });
  const user = await db.user.findUniqueOrThrow({ where: { username: login } });
  const since = new Date(Date.now() - 1_000);
  const asked = await browser.post('/api/auth/password-reset', { login });
  if (asked.status !== 202) throw new Error(`the reset request answered ${asked.status}: ${JSON.stringify(asked.json)}`);
  // As long as it takes on a busy machine: the test's own time limit is the only bound.
  let token: string | undefined;
  while (!token) {
    const mail = await db.outboxMessage.findFirst({ where: { recipient: user.email, subject: 'Reset your password', createdAt: { gte: since } }, orderBy: { createdAt: 'desc' } });
    token = mail ? /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.body)?.[1] : undefined;
    if (!token) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return browser.post('/api/auth/password-reset/complete', { token, password }, instances[instances.length - 1]);
}

/** A password step with a wrong password (what a password-guessing attacker sends). */
export function wrongPasswordStep(browser: ApiBrowser, login: string, origin: string): Promise<ApiResponse> {
  return browser.post('/api/auth/sign-in', { login, password: 'not the password at all' }, origin);
}
