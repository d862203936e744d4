import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthFlow } from '@recovery/db';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { FakePartner } from '../testing/fakePartner.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';
import { setStaffRole } from '../staff/setStaffRole.ts';
import { issueRecoveryToken, newRecoveryTokenId } from '../recoveryTokens/issueRecoveryToken.ts';
import { partnerConfigurationFetcher } from '../recoveryTokens/partnerConfiguration.ts';
import { finishRecovery } from '../recoveryTokens/recoverFlow.ts';

describe.each(providersUnderTest)('the 2FA ceiling after recovery on %s', (provider) => {
  let t: TestApp;
  let partner: FakePartner;
  let staff: TestClient;

  beforeAll(async () => {
    partner = await new FakePartner().start();
    t = await createTestApp(provider, { PARTNER_URL: partner.url, ACCOUNT_RECOVERY_DELAY_HOURS: '0' });
    staff = new TestClient(t.app, 'StaffBrowser/1.0');
    await staff.signUp('helper');
    await enableTwoFactorFor(t, staff);
    await setStaffRole(t.db, 'helper', true);
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  /** Both 2FA counters at the NIST ceiling: locked for a hundred years. */
  async function lockForGood(userId: string): Promise<void> {
    for (const key of [`2fa:user:${userId}`, `2fa:user:${userId}:known`]) {
      const locked = { count: 10, lockCount: 10, windowStart: t.clock.now, lockedUntil: new Date(t.clock.now.getTime() + 100 * 365 * 24 * 3_600_000) };
      await t.db.rateLimit.upsert({ where: { key }, create: { key, ...locked }, update: locked });
    }
  }

  async function signInWithCode(secret: string, agent: string) {
    const client = new TestClient(t.app, agent);
    expect((await client.signIn('ceiling', password)).body.twoFactorRequired).toBe(true);
    t.clock.advance(30_000);
    return client.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) });
  }

  /** Why the limits were cleared, each time (sorted: events at the same test-clock instant have no order). */
  const cleared = async (userId: string) =>
    (await t.db.securityEvent.findMany({ where: { userId, action: 'user.two_factor_limits_cleared' } })).map((e) => JSON.parse(e.data).reason as string).sort();

  it('completing a recovery and enrolling a new authenticator each lift the permanent lock, logged', async () => {
    const owner = new TestClient(t.app, 'Owner/1.0');
    const userId = (await owner.signUp('ceiling')).body.user.id as string;
    const { secret } = await enableTwoFactorFor(t, owner);
    await lockForGood(userId);
    expect((await signInWithCode(secret, 'Owner/2.0')).status).toBe(429);

    // The owner recovers through the partner and support approves (no waiting period here).
    const id = newRecoveryTokenId();
    await t.db.recoveryToken.create({ data: { id, userId, partner: partner.url, partnerSubject: 'sub-ceiling', state: 'confirmed' } });
    partner.nextCountersigned = partner.countersign(issueRecoveryToken(t.ctx, userId, partner.url, id), t.config.publicOrigin, { issuedTime: t.clock.now });
    const flow: OAuthFlow = { stateHash: 'x', purpose: 'recover', userId, tokenId: null, secretsEnc: '', pendingSignInHash: null, expiresAt: t.clock.now, createdAt: t.clock.now };
    const { requestId } = await finishRecovery(t.ctx, { oauth: () => Promise.reject(new Error('unused')), fetchPartner: partnerConfigurationFetcher() }, flow, { accessToken: 'a', subject: 'sub-ceiling' }, { ip: '198.51.100.9', userAgent: 'Recoverer/1.0' });
    expect((await staff.post('/api/sudo', { password })).status).toBe(200);
    expect((await staff.post(`/api/support/recovery-requests/${requestId}/approve`)).status).toBe(200);
    const back = new TestClient(t.app, 'Owner/3.0');
    expect((await back.signIn('ceiling', password)).status).toBe(200);
    // Lifted: the account's 2FA counters hold no failure and no lock (rows are kept, not deleted).
    const counters = await t.db.rateLimit.findMany({ where: { key: { startsWith: `2fa:user:${userId}` } } });
    expect(counters.map((row) => [row.count, row.lockedUntil, row.lockCount])).toEqual(counters.map(() => [0, null, 0]));
    expect(await cleared(userId)).toEqual(['account_recovery', 'new_authenticator']);

    // 2FA on again: the new authenticator signs in, from a new browser too.
    const { secret: fresh } = await enableTwoFactorFor(t, back);
    expect((await signInWithCode(fresh, 'Owner/4.0')).status).toBe(200);

    // Locked for good again; enrolling a new authenticator (off, then on) lifts it too.
    await lockForGood(userId);
    expect((await signInWithCode(fresh, 'Owner/5.0')).status).toBe(429);
    expect((await back.post('/api/two-factor/disable')).status).toBe(204);
    const { secret: newest } = await enableTwoFactorFor(t, back);
    expect((await signInWithCode(newest, 'Owner/6.0')).status).toBe(200);
    expect(await cleared(userId)).toEqual(['account_recovery', 'new_authenticator', 'new_authenticator', 'new_authenticator']);
  });

  it('approving a recovery needs sudo mode', async () => {
    const request = await t.db.recoveryRequest.findFirstOrThrow();
    // A staff session that has not confirmed access is refused before anything is decided.
    const staffUser = await t.db.user.findUniqueOrThrow({ where: { username: 'helper' } });
    await t.db.session.updateMany({ where: { userId: staffUser.id }, data: { sudoUntil: null } });
    const res = await staff.post(`/api/support/recovery-requests/${request.id}/approve`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('sudo_required');
  });
});
