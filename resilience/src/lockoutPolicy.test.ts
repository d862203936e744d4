import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDb, createScratchDatabase, migrateDatabase } from '@recovery/db';
import type { AccountDb, Provider, ScratchDatabase } from '@recovery/db';
import { accountKey, addressKey, twoFactorLimits } from '@recovery/account/twoFactor/twoFactorLimits';
import { providersUnderTest } from './providers.ts';
import { concurrentFailures, simulateBurstAttacker } from './simulateGuessing.ts';
import type { SimulatedClock } from './simulateGuessing.ts';
import { testCeilingMs } from './testCeiling.ts';
import { burstSchedule, day, guessesWithin, hour, isConsecutive, nistCeiling, twoFactorPolicy } from './twoFactorPolicy.ts';

const minute = 60_000;

/**
 * The lockout arithmetic the README and the brute-force report state, checked against the real
 * limiters (apps/account's twoFactorLimits, driven through `attempt()` as the 2FA step drives
 * them) on a real database, with a simulated clock: hours of lockouts in a fraction of a second.
 */
describe.each(providersUnderTest)('the 2FA lockout policy against the real limiters (%s)', (provider: Provider) => {
  let scratch: ScratchDatabase;
  let db: AccountDb;
  const clock: SimulatedClock = { now: new Date('2030-01-01T00:00:00Z') };
  let limits: ReturnType<typeof twoFactorLimits>;

  beforeAll(async () => {
    scratch = await createScratchDatabase(provider, process.env.TEST_POSTGRES_URL, 'resilience_policy');
    await migrateDatabase('account', scratch.url);
    // Several connections, so the concurrent checks below really interleave on PostgreSQL. No
    // request deadline: these tests count what the limiters grant, and on a busy machine 200
    // reservations queued on 8 connections wait longer than a service would before its 503.
    db = createAccountDb(scratch.url, { poolSize: 8, timeoutMs: testCeilingMs });
    limits = twoFactorLimits(db, () => clock.now);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await scratch?.drop();
  });

  it('is configured with the numbers the README states', () => {
    expect(twoFactorPolicy.perSignIn).toBe(5);
    expect(twoFactorPolicy.perAccount).toMatchObject({ maxFailures: 10, lockMs: 15 * minute, maxLockMs: 60 * minute, maxLocks: 10 });
    expect(isConsecutive(twoFactorPolicy.perAccount)).toBe(true);
    expect(twoFactorPolicy.perAddress).toMatchObject({ maxFailures: 20, windowMs: 15 * minute, lockMs: 15 * minute, maxLockMs: 60 * minute });
    expect(twoFactorPolicy.perAddress.maxLocks).toBeUndefined();
  });

  it('per account: 10 per lock, locks of 15, 30, then 60 minutes, locked for good at the 100th consecutive failure', async () => {
    const simulated = await simulateBurstAttacker(limits.perAccount, accountKey('victim', false), clock, 3 * day);
    const computed = burstSchedule(twoFactorPolicy.perAccount, 3 * day);
    expect(simulated).toEqual(computed);
    expect(computed.guessTimes).toHaveLength(nistCeiling);
    expect(guessesWithin(computed, hour)).toBe(30);
    expect(guessesWithin(computed, day)).toBe(100);
    // 15 + 30 + 7 × 60 minutes after the first guess: 7 h 45 min.
    expect(computed.lockedForGoodAt).toBe((15 + 30 + 7 * 60) * 60_000);
  });

  it('per account, the failures are consecutive: waiting between guesses does not reset them', async () => {
    const key = accountKey('patient', false);
    for (let i = 0; i < twoFactorPolicy.perAccount.maxFailures - 1; i++) {
      expect(await (await limits.perAccount.attempt(key)).failed()).toBe(false);
      clock.now = new Date(clock.now.getTime() + 7 * day);
    }
    const last = await limits.perAccount.attempt(key);
    expect(await last.failed()).toBe(true);
    await expect(limits.perAccount.attempt(key)).rejects.toMatchObject({ code: 'rate_limited', retryAfter: 15 * 60 });
  });

  it("the owner's known browsers count apart from everyone else's", async () => {
    const user = 'owner';
    for (let i = 0; i < twoFactorPolicy.perAccount.maxFailures; i++) await (await limits.perAccount.attempt(accountKey(user, false))).failed();
    await expect(limits.perAccount.attempt(accountKey(user, false))).rejects.toMatchObject({ code: 'rate_limited' });
    const owners = await limits.perAccount.attempt(accountKey(user, true));
    await owners.succeeded('reset');
  });

  it('per address: 20 per lock with no ceiling, and 19 per 15-minute window never lock', async () => {
    const simulated = await simulateBurstAttacker(limits.perAddress, addressKey('203.0.113.1'), clock, 6 * hour);
    expect(simulated).toEqual(burstSchedule(twoFactorPolicy.perAddress, 6 * hour));
    expect(guessesWithin(simulated, hour)).toBe(60);
    const paced = addressKey('203.0.113.2');
    for (let window = 0; window < 8; window++) {
      for (let i = 0; i < twoFactorPolicy.perAddress.maxFailures - 1; i++) {
        expect(await (await limits.perAddress.attempt(paced)).failed()).toBe(false);
      }
      clock.now = new Date(clock.now.getTime() + twoFactorPolicy.perAddress.windowMs);
    }
  });

  it('200 simultaneous guesses on one account: exactly 10 reserved, one lock, the rest refused', async () => {
    const key = accountKey('burst', false);
    const outcome = await concurrentFailures(limits.perAccount, key, 200);
    expect(outcome).toEqual({ granted: twoFactorPolicy.perAccount.maxFailures, refused: 200 - twoFactorPolicy.perAccount.maxFailures, locksSet: 1 });
    const row = await db.rateLimit.findUniqueOrThrow({ where: { key } });
    expect(row.lockCount).toBe(1);
    expect(row.lockedUntil!.getTime() - clock.now.getTime()).toBe(twoFactorPolicy.perAccount.lockMs);
    // Once the lock has run out, the next burst again gets exactly one lock's worth.
    clock.now = new Date(row.lockedUntil!.getTime() + 1);
    expect(await concurrentFailures(limits.perAccount, key, 200)).toMatchObject({ granted: twoFactorPolicy.perAccount.maxFailures, locksSet: 1 });
    expect((await db.rateLimit.findUniqueOrThrow({ where: { key } })).lockCount).toBe(2);
  });

  it('200 simultaneous guesses from one address: exactly 20 reserved, one lock', async () => {
    const key = addressKey('203.0.113.3');
    expect(await concurrentFailures(limits.perAddress, key, 200)).toEqual({ granted: twoFactorPolicy.perAddress.maxFailures, refused: 200 - twoFactorPolicy.perAddress.maxFailures, locksSet: 1 });
  });
});
