import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import { burstEnv } from '../testing/testCeiling.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';
import { regenerationCooldownMs } from './manageTwoFactor.ts';

describe.each(providersUnderTest)('recovery codes under concurrency and regeneration on %s', (provider) => {
  let t: TestApp;
  let owner: TestClient;
  let codes: string[];
  let secret: string;
  beforeAll(async () => {
    t = await createTestApp(provider, burstEnv);
    owner = new TestClient(t.app, 'Owner/1.0');
    await owner.signUp('racer');
    ({ codes, secret } = await enableTwoFactorFor(t, owner));
  });
  afterAll(async () => {
    await t.close();
  });

  /** Password steps one after another (concurrent ones would meet the password step's own limit). */
  const passwordSteps = async (n: number) => {
    const clients: TestClient[] = [];
    for (let i = 0; i < n; i++) {
      const client = new TestClient(t.app, `Racer/${i}`);
      await client.signIn('racer', password);
      clients.push(client);
    }
    return clients;
  };

  it('spends one code exactly once when 50 requests race with it', async () => {
    const clients = await passwordSteps(50);
    const results = await Promise.all(clients.map((c) => c.post('/api/auth/two-factor', { method: 'recovery_code', code: codes[5]! })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    // The losers are refused as wrong codes, and past ten of them the attempt limits answer 429.
    expect(results.filter((r) => r.status === 400 || r.status === 429)).toHaveLength(49);
    const row = await t.db.recoveryCode.findFirstOrThrow({ where: { user: { username: 'racer' }, position: 5 } });
    expect(row.usedAt).not.toBeNull();
    expect(await t.db.recoveryCode.count({ where: { user: { username: 'racer' }, usedAt: { not: null } } })).toBe(1);
    // The race tripped the attempt limits, as it should; start the next tests unlocked.
    await t.db.rateLimit.deleteMany({});
  });

  it('accepts one time step once when two requests race with the same authenticator code', async () => {
    t.clock.advance(60_000);
    const clients = await passwordSteps(4);
    const code = totpCode(secret, t.clock.now);
    const results = await Promise.all(clients.map((c) => c.post('/api/auth/two-factor', { method: 'totp', code })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  });

  it('regenerating kills the old set at once and logs it', async () => {
    await owner.post('/api/sudo', { password });
    const res = await owner.post('/api/two-factor/recovery-codes');
    expect(res.status).toBe(200);
    const fresh = res.body.recoveryCodes as string[];
    expect(fresh).toHaveLength(16);
    expect(fresh.filter((c) => codes.includes(c))).toEqual([]);
    const [old] = await passwordSteps(1);
    expect((await old!.post('/api/auth/two-factor', { method: 'recovery_code', code: codes[7]! })).status).toBe(400);
    const [next] = await passwordSteps(1);
    expect((await next!.post('/api/auth/two-factor', { method: 'recovery_code', code: fresh[7]! })).status).toBe(200);
    const actions = (await t.db.securityEvent.findMany({ where: { user: { username: 'racer' } } })).map((e) => e.action);
    expect(actions).toContain('two_factor_authentication.recovery_codes_regenerated');
    codes = fresh;
  });

  it('50 racing regenerations: exactly one gets codes, and they work; the others get 409 and no codes', async () => {
    t.clock.advance(regenerationCooldownMs);
    const results = await Promise.all(Array.from({ length: 50 }, () => owner.post('/api/two-factor/recovery-codes')));
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    const losers = results.filter((r) => r.status !== 200);
    expect(losers.every((r) => r.status === 409 && r.body.error.code === 'conflict' && r.body.recoveryCodes === undefined)).toBe(true);
    const userId = (await t.db.user.findUniqueOrThrow({ where: { username: 'racer' } })).id;
    const factor = await t.db.twoFactor.findUniqueOrThrow({ where: { userId } });
    const rows = await t.db.recoveryCode.findMany({ where: { userId } });
    expect(new Set(rows.map((r) => r.setId))).toEqual(new Set([factor.recoveryCodeSet]));
    expect(rows).toHaveLength(16);
    const listed = await owner.get('/api/two-factor/recovery-codes');
    const current = listed.body.codes.map((c: { code: string }) => c.code) as string[];
    expect(winners[0]!.body.recoveryCodes).toEqual(current);
    expect(await t.db.securityEvent.count({ where: { userId, action: 'two_factor_authentication.recovery_codes_regenerated' } })).toBe(2);
    // A deliberate regeneration later gets codes again.
    t.clock.advance(regenerationCooldownMs);
    expect((await owner.post('/api/two-factor/recovery-codes')).status).toBe(200);
  });
});
