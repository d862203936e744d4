import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements, dumpTables, sqlDriverOf } from '@recovery/db';
import { reservationMs } from '@recovery/http';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import { burstEnv } from '../testing/testCeiling.ts';
import type { TestApp } from '../testing/testApp.ts';
import { recordFlushes } from '../testing/recordFlushes.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';
import { anonymousCsrf, pendingTwoFactorSignIns, sendSecondStep } from '../testing/signInFixtures.ts';
import { accountKey, addressKey, twoFactorAccountPolicy } from './twoFactorLimits.ts';

/** The outbox stands in for an SMTP server in tests: its rows are mail sent, not sign-in state. */
const notMail = (sql: string) => !/OutboxMessage/.test(sql);

/**
 * The budget: 11 statements, on SQLite and PostgreSQL alike (there the server judges each limiter
 * reservation in the reservation's own statement: no statement more, no round trip). The
 * eleventh is the outcome's receipt (committedSignInReceipt), an INSERT inside the outcome's own
 * transaction, so a retry whose answer was lost after the COMMIT gets its session again; it adds
 * no commit (no fsync) and no round trip outside the transaction.
 */
const statementBudget = 11;

describe.each(providersUnderTest)('the 2FA sign-in as one unit of work on %s', (provider) => {
  let t: TestApp;
  let secret: string;
  let codes: string[];
  let owner: TestClient;
  beforeAll(async () => {
    t = await createTestApp(provider, burstEnv);
    owner = new TestClient(t.app, 'OwnerBrowser/1.0');
    await owner.signUp('unitholder');
    ({ secret, codes } = await enableTwoFactorFor(t, owner));
  });
  afterAll(async () => {
    await t.close();
  });

  /** The owner's own browser, signed out, through the password step again. */
  const ownerAtSecondStep = async () => {
    t.clock.advance(90_000);
    await owner.post('/api/auth/sign-out');
    const res = await owner.signIn('unitholder', password);
    expect(res.body.twoFactorRequired).toBe(true);
  };

  it('signs in with an authenticator code in at most 11 statements and 2 commits', async () => {
    await ownerAtSecondStep();
    const counted = await countStatements(t.db, () => owner.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) }));
    expect(counted.result.status).toBe(200);
    expect(counted.statements.length, counted.statements.join('\n')).toBeLessThanOrEqual(statementBudget);
    expect(counted.commits).toBeLessThanOrEqual(2);
  });

  it('reads the pending sign-in inside the reservation: no statement outside the two transactions', async () => {
    // On PostgreSQL each transaction is one round trip: the read adds none of its own.
    await ownerAtSecondStep();
    const outside: string[] = [];
    const watch = sqlDriverOf(t.db).observe({
      statement: (sql, inTransaction) => {
        if (!inTransaction) outside.push(sql);
      },
      commit: () => undefined,
    });
    const res = await owner.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) });
    watch();
    expect(res.status).toBe(200);
    expect(outside).toEqual([]);
  });

  it('signs in with a recovery code in at most 11 statements and 2 commits (besides the email)', async () => {
    await ownerAtSecondStep();
    const counted = await countStatements(t.db, () => owner.post('/api/auth/two-factor', { method: 'recovery_code', code: codes[0] }));
    expect(counted.result.status).toBe(200);
    const statements = counted.statements.filter(notMail);
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(statementBudget);
    expect(counted.commits - (counted.statements.length - statements.length)).toBeLessThanOrEqual(2);
  });

  it('leaves the database as it was before the outcome when any write of the outcome fails', async () => {
    // Which statements the outcome runs: the second transaction of a successful sign-in.
    await ownerAtSecondStep();
    const outcome: string[] = [];
    let transactions = 0;
    const watch = sqlDriverOf(t.db).observe({
      statement: (sql, inTransaction) => {
        if (inTransaction && transactions === 1) outcome.push(sql);
      },
      commit: () => {
        transactions += 1;
      },
    });
    expect((await owner.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) })).status).toBe(200);
    watch();
    expect(outcome.length).toBeGreaterThanOrEqual(5);

    for (let failAt = 0; failAt < outcome.length; failAt++) {
      await ownerAtSecondStep();
      const before = await dumpTables(t.db, t.config.databaseUrl);
      let seen = 0;
      let commits = 0;
      const inject = sqlDriverOf(t.db).observe({
        statement: (_sql, inTransaction) => {
          if (inTransaction && commits === 1 && seen++ === failAt) throw new Error('injected failure');
        },
        commit: () => {
          commits += 1;
        },
      });
      const res = await owner.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) });
      inject();
      expect(res.status, `failure at outcome statement ${failAt}`).toBe(500);
      const after = await dumpTables(t.db, t.config.databaseUrl);
      // Only the reservation (committed before the outcome) differs: one more attempt on the
      // pending sign-in and one attempt in flight per limit. No failure was counted.
      const stripReservation = (dump: string) =>
        dump
          .replace(/"failures":\d+/g, '"failures":_')
          .replace(/"inFlight":\d+,"inFlightUntil":("[^"]*"|null)/g, '"inFlight":_')
          .replace(/"windowStart":"[^"]*"/g, '"windowStart":_');
      expect(stripReservation(after)).toBe(stripReservation(before));
      expect(after).not.toBe(before);
    }
    // The leaked reservations expire, and the owner's next correct code still works.
    t.clock.advance(reservationMs + 1);
    await ownerAtSecondStep();
    expect((await owner.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) })).status).toBe(200);
  });

  it('lets 50 concurrent correct codes from one address through, and one wrong code among them locks nothing', async () => {
    const people = await pendingTwoFactorSignIns(t, 51, secret, 'crowd');
    const csrf = await anonymousCsrf(t);
    const code = totpCode(secret, t.clock.now);
    const wrong = code === '000000' ? '111111' : '000000';
    const results = await Promise.all(people.map((p, i) => sendSecondStep(t, csrf, p.cookie, { method: 'totp', code: i === 25 ? wrong : code })));
    expect(results.filter((r, i) => i !== 25 && r.status === 200)).toHaveLength(50);
    expect(results[25]?.status).toBe(400);
    const address = await t.db.rateLimit.findFirstOrThrow({ where: { key: { startsWith: addressKey('127.0.0.1').split(':').slice(0, 2).join(':') } } });
    expect(address).toMatchObject({ count: 1, lockedUntil: null, inFlight: 0 });
    expect(await t.db.session.count({ where: { userId: { in: people.map((p) => p.userId) } } })).toBe(50);
  });

  it('forgets reservations never settled (a process killed between reserve and settle): the next correct code passes, no failure counted', async () => {
    const [person] = await pendingTwoFactorSignIns(t, 1, secret, 'killed');
    // Every attempt the account allows, reserved and never settled.
    for (let i = 0; i < twoFactorAccountPolicy.maxFailures; i++) await t.ctx.twoFactorLimits.perAccount.attempt(accountKey(person!.userId, false));
    t.clock.advance(reservationMs + 1);
    const res = await sendSecondStep(t, await anonymousCsrf(t), person!.cookie, { method: 'totp', code: totpCode(secret, t.clock.now) });
    expect(res.status).toBe(200);
    expect(await t.db.rateLimit.findUniqueOrThrow({ where: { key: accountKey(person!.userId, false) } })).toMatchObject({ count: 0, lockedUntil: null, inFlight: 0 });
    expect(await t.db.securityEvent.count({ where: { userId: person!.userId, action: 'user.two_factor_challenge_failure' } })).toBe(0);
  });

  it('lets only the reservation commit without waiting for the disk: each answer waits for a commit that does', async () => {
    const { flushes, stop } = recordFlushes(t.ctx.sql);
    try {
      await ownerAtSecondStep();
      flushes.length = 0;
      const current = totpCode(secret, t.clock.now);
      const wrong = current === '000000' ? '000001' : '000000';
      expect((await owner.post('/api/auth/two-factor', { method: 'totp', code: wrong })).status).toBe(400);
      expect(flushes.splice(0)).toEqual(['later', 'now']);
      expect((await owner.post('/api/auth/two-factor', { method: 'totp', code: current })).status).toBe(200);
      expect(flushes.splice(0)).toEqual(['later', 'now']);
    } finally {
      stop();
    }
  });
});
