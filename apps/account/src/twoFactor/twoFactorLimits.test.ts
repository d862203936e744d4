import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import { burstEnv } from '../testing/testCeiling.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';

describe.each(providersUnderTest)('2FA attempt limits on %s', (provider) => {
  let t: TestApp;
  let secret: string;
  let owner: TestClient;
  beforeAll(async () => {
    t = await createTestApp(provider);
    owner = new TestClient(t.app, 'OwnerBrowser/1.0');
    await owner.signUp('guarded');
    ({ secret } = await enableTwoFactorFor(t, owner));
  });
  afterAll(async () => {
    await t.close();
  });

  /** A fresh password step from a browser the owner has never used. */
  const attacker = async (n: number) => {
    const client = new TestClient(t.app, `Attacker/${n}`);
    const res = await client.signIn('guarded', password);
    expect(res.body.twoFactorRequired).toBe(true);
    return client;
  };
  const guess = (client: TestClient, code = '000000') => client.post('/api/auth/two-factor', { method: 'totp', code });

  it('locks the account’s 2FA step for unknown browsers after 10 consecutive failures, with Retry-After', async () => {
    for (let i = 0; i < 10; i++) {
      const client = await attacker(i);
      expect((await guess(client)).status).toBe(400);
    }
    const locked = await attacker(10);
    t.clock.advance(30_000);
    const res = await guess(locked, totpCode(secret, t.clock.now));
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(14 * 60);
  });

  it('unlocks after 15 minutes, and the next lock lasts twice as long', async () => {
    t.clock.advance(15 * 60_000 + 1_000);
    for (let i = 0; i < 10; i++) expect((await guess(await attacker(100 + i))).status).toBe(400);
    const res = await guess(await attacker(200));
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(29 * 60);
  });

  it('still lets the owner in from a browser they have used before, during the lock', async () => {
    await owner.post('/api/auth/sign-out');
    const res = await owner.signIn('guarded', password);
    expect(res.body.twoFactorRequired).toBe(true);
    t.clock.advance(30_000);
    expect((await guess(owner, totpCode(secret, t.clock.now))).status).toBe(200);
  });

  it('stops guessing for good after 100 consecutive failures (NIST SP 800-63B)', async () => {
    const key = `2fa:user:${(await t.db.user.findUniqueOrThrow({ where: { username: 'guarded' } })).id}`;
    // Nine locks have passed (90 failures); the tenth completes the hundred.
    await t.db.rateLimit.upsert({
      where: { key },
      create: { key, lockCount: 9, count: 0, windowStart: t.clock.now },
      update: { lockCount: 9, lockedUntil: null, count: 0, windowStart: t.clock.now },
    });
    for (let i = 0; i < 10; i++) expect((await guess(await attacker(300 + i))).status).toBe(400);
    t.clock.advance(24 * 3_600_000);
    const res = await guess(await attacker(400));
    expect(res.status).toBe(429);
    const row = await t.db.rateLimit.findUniqueOrThrow({ where: { key } });
    expect(row.lockedUntil!.getTime() - t.clock.now.getTime()).toBeGreaterThan(365 * 24 * 3_600_000);
  });

  it('limits one address across accounts, and a success there does not reset it', async () => {
    const t2 = await createTestApp(provider);
    try {
      const victims: { client: TestClient; secret: string }[] = [];
      for (let i = 0; i < 3; i++) {
        const c = new TestClient(t2.app, `Victim/${i}`);
        await c.signUp(`victim${i}`);
        victims.push({ client: c, secret: (await enableTwoFactorFor(t2, c)).secret });
      }
      const sprayer = (username: string) => {
        const c = new TestClient(t2.app, 'Sprayer/1.0');
        return c.signIn(username, password).then(() => c);
      };
      let failures = 0;
      for (let i = 0; failures < 19; i++) {
        const c = await sprayer(`victim${i % 3}`);
        for (let j = 0; j < 4 && failures < 19; j++, failures++) expect((await guess(c)).status).toBe(400);
      }
      // A correct code from this address succeeds but does not clear its count.
      t2.clock.advance(30_000);
      const ok = await sprayer('victim0');
      expect((await ok.post('/api/auth/two-factor', { method: 'totp', code: totpCode(victims[0]!.secret, t2.clock.now) })).status).toBe(200);
      expect((await guess(await sprayer('victim1'))).status).toBe(400);
      const blocked = await guess(await sprayer('victim2'));
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.message).toMatch(/address/);
    } finally {
      await t2.close();
    }
  });

  it('never lets concurrent guesses overshoot the limits (every guess is counted before it is checked)', async () => {
    const t3 = await createTestApp(provider, burstEnv);
    try {
      const victim = new TestClient(t3.app, 'Victim/3');
      await victim.signUp('concurrent-victim');
      await enableTwoFactorFor(t3, victim);
      const attackers: TestClient[] = [];
      for (let i = 0; i < 20; i++) {
        const c = new TestClient(t3.app, `Burst/${i}`);
        expect((await c.signIn('concurrent-victim', password)).body.twoFactorRequired).toBe(true);
        attackers.push(c);
      }
      const results = await Promise.all(attackers.flatMap((c) => Array.from({ length: 5 }, () => guess(c))));
      expect(results.every((r) => r.status < 500)).toBe(true);
      // Checked codes answer 400; the per-account limit allows ten before the lock.
      expect(results.filter((r) => r.status === 400).length).toBeLessThanOrEqual(10);
      expect(results.filter((r) => r.status === 429).length).toBeGreaterThan(0);
      const single = new TestClient(t3.app, 'Burst/single');
      await single.signIn('concurrent-victim', password);
      const onOneAttempt = await Promise.all(Array.from({ length: 12 }, () => guess(single)));
      expect(onOneAttempt.every((r) => r.status < 500)).toBe(true);
      expect(onOneAttempt.filter((r) => r.status === 400).length).toBeLessThanOrEqual(5);
    } finally {
      await t3.close();
    }
  });
});
