import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDb } from '@recovery/db';
import type { AccountDb, Provider } from '@recovery/db';
import { accountKey } from '@recovery/account/twoFactor/twoFactorLimits';
import { ApiBrowser, errorCode, errorMessage } from './apiBrowser.ts';
import { passwordStep, signUp, signUpWithTwoFactor } from './accountUsers.ts';
import { startAccountInstances } from './accountInstances.ts';
import type { AccountInstances } from './accountInstances.ts';
import { codesChecked, concurrentBurst, guessUntilRefused, ownerSignsIn, resetPasswordByMail, rightCodeOnEachInstance, tallyAnswers, wrongPasswordStep } from './lockoutProbe.ts';
import type { Attempt, Victim } from './lockoutProbe.ts';
import { testCeilingMs } from './testCeiling.ts';
import { twoFactorPolicy } from './twoFactorPolicy.ts';

// The limits live in the database, so they must hold across instances: PostgreSQL when the CI
// provides one (the multi-instance deployment), otherwise two processes on one SQLite file.
// An attacker who knows the password guesses over real HTTP, one guess at a time alternating
// instances, then in bursts of simultaneous guesses; how many codes the service really checked is
// read from its security log (one user.two_factor_challenge_failure per code looked at), since a
// refused guess and a checked one can get the same answer. The tests run in order on one pair of
// instances, each from the state the one before left.
const provider: Provider = process.env.TEST_POSTGRES_URL ? 'postgresql' : 'sqlite';

const summary = (attempts: Attempt[]) => attempts.map((a) => a.status);

describe(`2FA attempt limits across two account-service instances (${provider})`, () => {
  let instances: AccountInstances;
  let origins: string[];
  let db: AccountDb;
  let owner: ApiBrowser;
  let victim: Victim;
  const attacker = () => new ApiBrowser(origins[0]!, { ip: '203.0.113.66', userAgent: 'Attacker/1.0' });

  beforeAll(async () => {
    // These tests count what the limits let through, also in bursts of 200 guesses at once; the
    // database deadline is not their subject, and on a busy machine such a burst queues longer
    // than its default before an instance would answer 503. The test's ceiling is the bound.
    instances = await startAccountInstances(provider, 2, process.env.TEST_POSTGRES_URL, { DATABASE_TIMEOUT_MS: String(testCeilingMs) });
    origins = instances.origins;
    db = createAccountDb(instances.scratch.url, { poolSize: 2 });
    owner = new ApiBrowser(origins[0]!, { ip: '198.51.100.7', userAgent: 'OwnerLaptop/1.0' });
    const { device } = await signUpWithTwoFactor(owner, 'victim');
    victim = { login: 'victim', device };
  });
  afterAll(async () => {
    await db?.$disconnect();
    await instances?.cleanup.run();
  });

  it('voids a sign-in after 5 wrong codes and locks the account after 10, counted across both instances', async () => {
    const before = Date.now();
    const attempts = await guessUntilRefused(origins, attacker(), victim);
    const after = Date.now();
    // Two sign-in attempts of five wrong codes each (the fifth voids the attempt), then refused.
    expect(summary(attempts)).toEqual([400, 400, 400, 400, 401, 400, 400, 400, 400, 401, 429]);
    expect(attempts.filter((a) => a.newSignIn)).toHaveLength(3);
    expect(attempts[4]!.message).toBe('Too many wrong codes; enter your password again');
    // Both instances took failures: neither alone saw ten.
    const perInstance = origins.map((_, i) => attempts.slice(0, 10).filter((a) => a.instance === i).length);
    expect(perInstance).toEqual([5, 5]);
    const refused = attempts.at(-1)!;
    expect(refused).toMatchObject({ code: 'rate_limited', message: 'Too many failed two-factor attempts for this account; try again later' });
    // The lock began at some moment of these guesses and lasts one lock length; however long the
    // guesses took on a busy machine, its end lies within the same span shifted by that length.
    const user = await db.user.findUniqueOrThrow({ where: { username: 'victim' } });
    const lockedUntil = (await db.rateLimit.findUniqueOrThrow({ where: { key: accountKey(user.id, false) } })).lockedUntil!.getTime();
    expect(lockedUntil).toBeGreaterThanOrEqual(before + twoFactorPolicy.perAccount.lockMs);
    expect(lockedUntil).toBeLessThanOrEqual(after + twoFactorPolicy.perAccount.lockMs);
    // Retry-After counts down to that end from the refusal, which came before `after`.
    expect(refused.retryAfter).toBeGreaterThanOrEqual(Math.floor((lockedUntil - after) / 1000));
    expect(refused.retryAfter).toBeLessThanOrEqual(twoFactorPolicy.perAccount.lockMs / 1000);
  });

  it('refuses even the right code on either instance while locked, without looking at it', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { username: 'victim' } });
    const stepBefore = (await db.twoFactor.findUniqueOrThrow({ where: { userId: user.id } })).lastUsedStep;
    const lockBefore = await db.rateLimit.findUniqueOrThrow({ where: { key: accountKey(user.id, false) } });
    const attempts = await rightCodeOnEachInstance(origins, attacker(), victim);
    expect(attempts.map((a) => [a.instance, a.status, a.code])).toEqual([
      [0, 429, 'rate_limited'],
      [1, 429, 'rate_limited'],
    ]);
    const lock = await db.rateLimit.findUniqueOrThrow({ where: { key: accountKey(user.id, false) } });
    expect(lock.lockCount).toBe(1);
    // Refused without a look: the lock is neither lifted nor extended, and still holds.
    expect(lock.lockedUntil).toEqual(lockBefore.lockedUntil);
    expect(lock.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    // The refused right code did not spend its time step.
    expect((await db.twoFactor.findUniqueOrThrow({ where: { userId: user.id } })).lastUsedStep).toBe(stepBefore);
  });

  it('a password reset through the mailbox lifts no part of the 2FA lock', async () => {
    // Whoever holds the mailbox can set a password, which proves nothing about the second
    // factor: the reset lifts the password lockout only, and the 2FA count and lock stay.
    const user = await db.user.findUniqueOrThrow({ where: { username: 'victim' } });
    const before = await db.rateLimit.findUniqueOrThrow({ where: { key: accountKey(user.id, false) } });
    const reset = await resetPasswordByMail(origins, db, 'victim', '203.0.113.66');
    expect(reset.status).toBeLessThan(300);
    expect(await db.securityEvent.count({ where: { userId: user.id, action: 'user.password_reset' } })).toBe(1);
    const after = await db.rateLimit.findUniqueOrThrow({ where: { key: accountKey(user.id, false) } });
    expect({ count: after.count, lockCount: after.lockCount, lockedUntil: after.lockedUntil }).toEqual({ count: before.count, lockCount: before.lockCount, lockedUntil: before.lockedUntil });
    const attempts = await rightCodeOnEachInstance(origins, attacker(), victim);
    expect(attempts.map((a) => [a.status, a.message])).toEqual([
      [429, 'Too many failed two-factor attempts for this account; try again later'],
      [429, 'Too many failed two-factor attempts for this account; try again later'],
    ]);
  });

  it('lets the owner in from a browser they used before, while the attacker is locked out', async () => {
    // The reset signed every session out; the owner's browser reloads the page (a fresh CSRF token).
    await owner.get('/api/session', origins[0]);
    const signedIn = await ownerSignsIn(origins, owner, victim);
    expect(signedIn.status).toBe(200);
    expect((signedIn.json?.user as { username?: string }).username).toBe('victim');
    const session = await owner.get('/api/session', origins[1]);
    expect((session.json?.user as { username?: string } | null)?.username).toBe('victim');
  });

  it("the owner's success ends the attacker's lock too (the policy: the owner is back)", async () => {
    const attempts = await guessUntilRefused(origins, attacker(), victim, 1);
    expect(summary(attempts)).toEqual([400]);
  });

  it('locks an address after 20 failures across accounts, on both instances, and only that address', async () => {
    const others: Victim[] = [];
    for (const username of ['victim2', 'victim3', 'victim4']) {
      const { device } = await signUpWithTwoFactor(new ApiBrowser(origins[1]!, { ip: '198.51.100.8' }), username);
      others.push({ login: username, device });
    }
    const from = () => new ApiBrowser(origins[0]!, { ip: '203.0.113.99', userAgent: 'Attacker/1.0' });
    expect(summary(await guessUntilRefused(origins, from(), others[0]!))).toEqual([400, 400, 400, 400, 401, 400, 400, 400, 400, 401, 429]);
    // The twentieth failure from this address, on another account, locks the address.
    const second = await guessUntilRefused(origins, from(), others[1]!);
    expect(summary(second)).toEqual([400, 400, 400, 400, 401, 400, 400, 400, 400, 401, 429]);
    expect(second.at(-1)!.message).toBe('Too many failed two-factor attempts from this address; try again later');
    // A third account, never guessed at, is refused from this address on both instances…
    const third = await rightCodeOnEachInstance(origins, from(), others[2]!);
    expect(third.map((a) => [a.status, a.message])).toEqual([
      [429, 'Too many failed two-factor attempts from this address; try again later'],
      [429, 'Too many failed two-factor attempts from this address; try again later'],
    ]);
    // …and still open from any other address.
    const elsewhere = new ApiBrowser(origins[1]!, { ip: '192.0.2.44' });
    expect(summary(await guessUntilRefused(origins, elsewhere, others[2]!, 1))).toEqual([400]);
  });

  it('200 guesses at once from 40 sign-ins on 40 addresses, across both instances: exactly 10 codes checked, then one lock', async () => {
    const { device } = await signUpWithTwoFactor(new ApiBrowser(origins[0]!, { ip: '198.51.100.30' }), 'burst-victim');
    // One address per sign-in, so no address limit binds: the per-account limit must hold alone.
    const before = Date.now();
    const attempts = await concurrentBurst(origins, (i) => `203.0.113.${150 + i}`, { login: 'burst-victim', device }, 40, twoFactorPolicy.perSignIn);
    expect(attempts).toHaveLength(200);
    expect(attempts.filter((a) => a.status >= 500)).toEqual([]);
    expect(await codesChecked(db, 'burst-victim')).toBe(twoFactorPolicy.perAccount.maxFailures);
    expect(attempts.filter((a) => a.status === 429 && a.code === 'rate_limited')).toHaveLength(200 - twoFactorPolicy.perAccount.maxFailures);
    const user = await db.user.findUniqueOrThrow({ where: { username: 'burst-victim' } });
    const lock = await db.rateLimit.findUniqueOrThrow({ where: { key: accountKey(user.id, false) } });
    expect(lock.lockCount).toBe(1);
    // A first lock, one lock length from a moment of the burst.
    expect(lock.lockedUntil!.getTime()).toBeGreaterThanOrEqual(before + twoFactorPolicy.perAccount.lockMs);
    expect(lock.lockedUntil!.getTime()).toBeLessThanOrEqual(Date.now() + twoFactorPolicy.perAccount.lockMs);
  });

  it('12 codes at once on one sign-in attempt: at most 5 checked, the attempt void, no 5xx', async () => {
    const { device } = await signUpWithTwoFactor(new ApiBrowser(origins[1]!, { ip: '198.51.100.31' }), 'single-victim');
    const attempts = await concurrentBurst(origins, '203.0.113.140', { login: 'single-victim', device }, 1, 12);
    expect(attempts.filter((a) => a.status >= 500)).toEqual([]);
    expect(await codesChecked(db, 'single-victim')).toBe(twoFactorPolicy.perSignIn);
    // Checked codes answer 400, or 401 once the attempt is spent (under real concurrency all five
    // may see that); the rest are refused unchecked, as 401 "enter your password again".
    expect(attempts.filter((a) => !(a.status === 400 && a.code === 'invalid_code') && !(a.status === 401 && a.code === 'unauthenticated')), tallyAnswers(attempts).join('; ')).toEqual([]);
    expect(attempts.filter((a) => a.status === 400).length).toBeLessThan(twoFactorPolicy.perSignIn);
    // Each guess was reserved against the attempt before anything else: the account's count
    // holds exactly the five codes checked, and nothing is locked.
    const user = await db.user.findUniqueOrThrow({ where: { username: 'single-victim' } });
    expect(await db.rateLimit.findUniqueOrThrow({ where: { key: accountKey(user.id, false) } })).toMatchObject({ count: twoFactorPolicy.perSignIn, lockedUntil: null });
  });

  it('the password step counts an unknown login like an account, so its lock reveals nothing', async () => {
    // Ten wrong passwords, alternating instances, for an account that exists and for a login
    // that does not; the answers must be the same, lock included.
    expect((await signUp(new ApiBrowser(origins[0]!, { ip: '198.51.100.32' }), 'pw-victim')).status).toBe(201);
    const answersFor = async (login: string, ip: string) => {
      const guesser = new ApiBrowser(origins[0]!, { ip, userAgent: 'Guesser/1.0' });
      const answers: Array<[number, string | undefined, string | undefined]> = [];
      for (let i = 0; i <= 10; i++) {
        const res = await wrongPasswordStep(guesser, login, origins[i % origins.length]!);
        answers.push([res.status, errorCode(res), errorMessage(res)]);
      }
      return answers;
    };
    const existing = await answersFor('pw-victim', '203.0.113.201');
    const unknown = await answersFor('nobody-by-this-name', '203.0.113.202');
    const expected = [
      ...Array.from({ length: 10 }, () => [401, 'invalid_credentials', 'Incorrect username or password']),
      [429, 'rate_limited', 'Too many failed sign-in attempts for this account; try again later'],
    ];
    expect(existing).toEqual(expected);
    expect(unknown).toEqual(expected);
    // The right password is refused too while the account is locked.
    expect((await passwordStep(new ApiBrowser(origins[1]!, { ip: '203.0.113.203' }), 'pw-victim', origins[1])).status).toBe(429);
  });
});
