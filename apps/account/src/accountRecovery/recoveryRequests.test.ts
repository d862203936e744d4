import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { sha256Hex } from '@recovery/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '@recovery/db';
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

const client = { ip: '198.51.100.4', userAgent: 'Recoverer/1.0' };

describe.each(providersUnderTest)('the support console on %s', (provider) => {
  let t: TestApp;
  let partner: FakePartner;
  let staff: TestClient;
  let staffSecret: string;

  beforeAll(async () => {
    partner = await new FakePartner().start();
    t = await createTestApp(provider, { PARTNER_URL: partner.url, ACCOUNT_RECOVERY_DELAY_HOURS: '72' });
    staff = new TestClient(t.app, 'StaffBrowser/1.0');
    await staff.signUp('agent');
    ({ secret: staffSecret } = await enableTwoFactorFor(t, staff));
    await setStaffRole(t.db, 'agent', true);
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  /** A user with 2FA who lost every factor and recovered through the partner. */
  async function recoveredUser(name: string): Promise<{ owner: TestClient; requestId: string; userId: string }> {
    const owner = new TestClient(t.app, `${name}/1.0`);
    const userId = (await owner.signUp(name)).body.user.id as string;
    await enableTwoFactorFor(t, owner);
    const id = newRecoveryTokenId();
    await t.db.recoveryToken.create({ data: { id, userId, partner: partner.url, partnerSubject: `sub-${name}`, state: 'confirmed' } });
    partner.nextCountersigned = partner.countersign(issueRecoveryToken(t.ctx, userId, partner.url, id), t.config.publicOrigin, { issuedTime: t.clock.now });
    const flow: OAuthFlow = { stateHash: 'x', purpose: 'recover', userId, tokenId: null, secretsEnc: '', pendingSignInHash: null, expiresAt: t.clock.now, createdAt: t.clock.now };
    const { requestId } = await finishRecovery(t.ctx, { oauth: () => Promise.reject(new Error('unused')), fetchPartner: partnerConfigurationFetcher() }, flow, { accessToken: 'a', subject: `sub-${name}` }, client);
    return { owner, requestId, userId };
  }
  const actions = async (userId: string) => (await t.db.securityEvent.findMany({ where: { userId }, orderBy: { id: 'asc' } })).map((e) => e.action);

  it('tells the person at the second sign-in step about their recovery: its state, when 2FA goes, the reference', async () => {
    const { requestId, userId } = await recoveredUser('waiting-owner');
    const first = await new TestClient(t.app, 'Waiting/1.0').signIn('waiting-owner', password);
    expect(first.body).toMatchObject({ twoFactorRequired: true, recovery: { reference: requestId, status: 'pending', completesAt: null } });
    const completesAt = new Date(t.clock.now.getTime() + 72 * 3_600_000);
    await t.db.recoveryRequest.update({ where: { id: requestId }, data: { status: 'approved', completesAt } });
    const approved = await new TestClient(t.app, 'Waiting/2.0').signIn('waiting-owner', password);
    expect(approved.body.recovery).toEqual({ reference: requestId, status: 'approved', completesAt: completesAt.toISOString() });
    // Nothing open: nothing said.
    await t.db.recoveryRequest.update({ where: { id: requestId }, data: { status: 'cancelled' } });
    expect((await new TestClient(t.app, 'Waiting/3.0').signIn('waiting-owner', password)).body.recovery).toBeNull();
    expect(userId).toBeTruthy();
  });

  it('is for staff with 2FA only', async () => {
    const plain = new TestClient(t.app);
    await plain.signUp('nosy');
    expect((await plain.get('/api/support/recovery-requests')).status).toBe(403);
    await t.db.user.update({ where: { username: 'nosy' }, data: { role: 'staff' } });
    expect((await plain.get('/api/support/recovery-requests')).status).toBe(403);
    expect((await new TestClient(t.app).get('/api/support/recovery-requests')).status).toBe(401);
  });

  it('lists pending requests with their verification report, and re-verifies them', async () => {
    const { requestId } = await recoveredUser('lost-all');
    const list = await staff.get('/api/support/recovery-requests?status=pending');
    expect(list.status).toBe(200);
    const request = list.body.requests.find((r: { id: string }) => r.id === requestId);
    expect(request).toMatchObject({ status: 'pending', partner: partner.url, user: { username: 'lost-all' } });
    expect(request.report.ok).toBe(true);
    expect(request.report.checks.map((c: { check: string }) => c.check)).toEqual(expect.arrayContaining(['countersignature', 'token_signature', 'token_owner', 'countersignature_fresh']));
    expect(request.report.fields.outer.issuer).toBe(partner.url);
    t.clock.advance(60 * 60_000);
    const again = await staff.post(`/api/support/recovery-requests/${requestId}/verify`);
    expect(again.status).toBe(200);
    expect(again.body.ok).toBe(true);
    expect(again.body.checks.find((c: { check: string }) => c.check === 'not_recovered_before').detail).toContain('by this request');
    // The same checks before and after "Verify token": the partner account's check is carried over from the recovery.
    const names = (report: { checks: { check: string }[] }) => report.checks.map((c) => c.check);
    expect(names(request.report)).toContain('partner_subject');
    expect(names(again.body)).toEqual(names(request.report));
    expect(again.body.checks.find((c: { check: string }) => c.check === 'partner_subject').detail).toContain('(checked during the recovery)');
  });

  it('gives the context to judge a request, and who decided by username', async () => {
    const { requestId, userId } = await recoveredUser('context-case');
    // Two wrong codes, one removed factor, and an earlier recovery request of the same account.
    for (const action of ['user.two_factor_challenge_failure', 'user.two_factor_challenge_failure', 'two_factor_authentication.remove_factor']) {
      await t.db.securityEvent.create({ data: { id: randomUUID(), userId, action, ip: '203.0.113.9', userAgent: 'Old/1.0', data: '{}', createdAt: t.clock.now } });
    }
    await t.db.securityEvent.create({
      data: { id: randomUUID(), userId, action: 'user.two_factor_challenge_failure', ip: '203.0.113.9', userAgent: 'Old/1.0', data: '{}', createdAt: new Date(t.clock.now.getTime() - 31 * 24 * 3_600_000) },
    });
    // A fallback number added is not a factor removed; one removed is.
    for (const change of ['added', 'removed']) {
      await t.db.securityEvent.create({
        data: { id: randomUUID(), userId, action: 'two_factor_authentication.update_fallback', ip: '203.0.113.9', userAgent: 'Old/1.0', data: JSON.stringify({ change, lastDigits: '5678' }), createdAt: t.clock.now },
      });
    }
    const list = await staff.get('/api/support/recovery-requests');
    const request = list.body.requests.find((r: { id: string }) => r.id === requestId);
    const user = await t.db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(request.context.accountCreatedAt).toBe(user.createdAt.toISOString());
    expect(request.context.lastSignIn).toMatchObject({ userAgent: 'context-case/1.0' });
    expect(request.context.twoFactorFailures30Days).toBe(2);
    expect(request.context.factorsRemoved.map((f: { action: string }) => f.action).sort()).toEqual(['two_factor_authentication.remove_factor', 'two_factor_authentication.update_fallback']);
    expect(request.context.otherRequests).toEqual([]);
    expect(request.decidedByUsername).toBeNull();

    const declined = await staff.post(`/api/support/recovery-requests/${requestId}/decline`, { reason: 'Not convinced' });
    expect(declined.body).toMatchObject({ decidedByUsername: 'agent', status: 'declined' });
    const after = (await staff.get('/api/support/recovery-requests')).body.requests.find((r: { id: string }) => r.id === requestId);
    expect(after.decidedByUsername).toBe('agent');
    expect(after.decidedBy).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('verifies a countersigned token in at most 2 queries (session, user and staff role in one; the token in the other)', async () => {
    const { requestId } = await recoveredUser('counted');
    const { countersignedToken } = await t.db.recoveryRequest.findUniqueOrThrow({ where: { id: requestId } });
    await staff.get('/api/session');
    const counted = await countStatements(t.db, () => staff.post('/api/support/verify-token', { token: countersignedToken }));
    expect(counted.result.status).toBe(200);
    expect(counted.result.body.checks.find((c: { check: string }) => c.check === 'countersignature').passed).toBe(true);
    expect(counted.result.body.checks.find((c: { check: string }) => c.check === 'token_signature').passed).toBe(true);
    expect(counted.statements.length, counted.statements.join('\n')).toBeLessThanOrEqual(2);
    expect(counted.commits).toBe(0);
  });

  it('verifies any pasted token and explains what fails', async () => {
    const res = await staff.post('/api/support/verify-token', { token: 'AAAA' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, failure: 'decodes' });
    expect((await staff.post('/api/support/verify-token', { token: '' })).status).toBe(400);
  });

  it('approves with a waiting period the owner can cancel from any session; 2FA stays', async () => {
    const { owner, requestId, userId } = await recoveredUser('real-owner');
    expect((await staff.post('/api/sudo', { password })).status).toBe(200);
    const approved = await staff.post(`/api/support/recovery-requests/${requestId}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(new Date(approved.body.completesAt).getTime() - t.clock.now.getTime()).toBe(72 * 3_600_000);
    expect(await actions(userId)).toContain('two_factor_account_recovery.staff_approve');
    const mine = await owner.get('/api/account-recovery');
    expect(mine.body.requests[0]).toMatchObject({ id: requestId, status: 'approved' });
    expect((await owner.post(`/api/account-recovery/${requestId}/cancel`)).status).toBe(204);
    expect((await t.db.recoveryRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('cancelled');
    expect(await actions(userId)).toContain('two_factor_account_recovery.abort');
    expect((await staff.post(`/api/support/recovery-requests/${requestId}/approve`)).status).toBe(409);
    t.clock.advance(73 * 3_600_000);
    expect((await new TestClient(t.app).signIn('real-owner', password)).body.twoFactorRequired).toBe(true);
  });

  it('removes 2FA once the waiting period is over: the password alone then signs in', async () => {
    // Staff sessions idle out over the days this test's clock skips; sign the agent in again.
    staff = new TestClient(t.app, 'StaffBrowser/1.0');
    await staff.get('/api/session');
    expect((await staff.signIn('agent', password)).body.twoFactorRequired).toBe(true);
    t.clock.advance(30_000);
    await staff.post('/api/auth/two-factor', { method: 'totp', code: totpCode(staffSecret, t.clock.now) });
    const { requestId, userId } = await recoveredUser('locked-out');
    expect((await staff.post('/api/sudo', { password })).status).toBe(200);
    expect((await staff.post(`/api/support/recovery-requests/${requestId}/approve`)).status).toBe(200);
    expect((await new TestClient(t.app).signIn('locked-out', password)).body.twoFactorRequired).toBe(true);
    t.clock.advance(72 * 3_600_000 + 1_000);
    const res = await new TestClient(t.app).signIn('locked-out', password);
    expect(res.status).toBe(200);
    expect(res.body.user.username).toBe('locked-out');
    expect(await t.db.twoFactor.count({ where: { userId } })).toBe(0);
    expect(await t.db.recoveryCode.count({ where: { userId } })).toBe(0);
    expect(await actions(userId)).toEqual(expect.arrayContaining(['two_factor_account_recovery.two_factor_destroy', 'two_factor_account_recovery.complete']));
    expect(await t.db.outboxMessage.count({ where: { recipient: 'locked-out@example.com', subject: 'Account recovery complete' } })).toBe(1);
  });

  it('declines with a reason, logged and emailed', async () => {
    staff = new TestClient(t.app, 'StaffBrowser/1.0');
    await staff.get('/api/session');
    expect((await staff.signIn('agent', password)).body.twoFactorRequired).toBe(true);
    t.clock.advance(30_000);
    await staff.post('/api/auth/two-factor', { method: 'totp', code: totpCode(staffSecret, t.clock.now) });
    const { requestId, userId } = await recoveredUser('suspicious');
    expect((await staff.post(`/api/support/recovery-requests/${requestId}/decline`, {})).status).toBe(400);
    const res = await staff.post(`/api/support/recovery-requests/${requestId}/decline`, { reason: 'The request came from an unusual place' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'declined', declineReason: 'The request came from an unusual place' });
    expect(await actions(userId)).toContain('two_factor_account_recovery.staff_decline');
    const mail = await t.db.outboxMessage.findFirstOrThrow({ where: { recipient: 'suspicious@example.com', subject: 'Account recovery declined' } });
    expect(mail.body).toContain('unusual place');
  });

  /** The cancel link in the newest email with `subject` to `username`. */
  async function emailedCancelLink(username: string, subject: string): Promise<{ path: string; token: string }> {
    const mail = await t.db.outboxMessage.findFirstOrThrow({ where: { recipient: `${username}@example.com`, subject }, orderBy: { createdAt: 'desc' } });
    const url = new URL(/https?:\/\/\S+\/recovery\/cancel\?token=\S+/.exec(mail.body)![0]);
    return { path: `${url.pathname}${url.search}`, token: url.searchParams.get('token')! };
  }
  const postCancel = (token: string) => request(t.app).post('/recovery/cancel').type('form').send({ token });

  it('"recovery started" emails a link that cancels without signing in: GET changes nothing, POST cancels once, logged and emailed', async () => {
    const { requestId, userId } = await recoveredUser('link-owner');
    const link = await emailedCancelLink('link-owner', 'Account recovery started');
    // Only a keyed hash of the token is stored.
    const [stored] = await t.db.recoveryCancelLink.findMany({ where: { requestId } });
    expect(stored!.tokenHash).not.toContain(link.token);
    expect(stored!.tokenHash).not.toBe(sha256Hex(link.token));
    // A mail scanner's prefetch (GET) shows a button and changes nothing.
    for (let i = 0; i < 2; i++) {
      const page = await request(t.app).get(link.path);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<button type="submit" class="button-primary">Cancel the recovery</button>');
    }
    expect((await t.db.recoveryRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('pending');
    const cancelled = await postCancel(link.token);
    expect(cancelled.status).toBe(200);
    expect(cancelled.text).toContain('The recovery is cancelled');
    expect((await t.db.recoveryRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('cancelled');
    const abort = await t.db.securityEvent.findFirstOrThrow({ where: { userId, action: 'two_factor_account_recovery.abort' } });
    expect(JSON.parse(abort.data)).toMatchObject({ request: requestId, via: 'email_link' });
    expect(await t.db.outboxMessage.count({ where: { recipient: 'link-owner@example.com', subject: 'Account recovery cancelled' } })).toBe(1);
    // Single use.
    expect((await postCancel(link.token)).status).toBe(404);
    expect((await request(t.app).get(link.path)).status).toBe(404);
    expect((await postCancel('not-a-token')).status).toBe(404);
    expect(await t.db.securityEvent.count({ where: { userId, action: 'two_factor_account_recovery.abort' } })).toBe(1);
  });

  it('"recovery approved" emails a link that cancels within the waiting period, and expires with it', async () => {
    const first = await recoveredUser('approved-link');
    const second = await recoveredUser('late-link');
    expect((await staff.post('/api/sudo', { password })).status).toBe(200);
    for (const { requestId } of [first, second]) expect((await staff.post(`/api/support/recovery-requests/${requestId}/approve`)).status).toBe(200);
    const link = await emailedCancelLink('approved-link', 'Account recovery approved');
    const late = await emailedCancelLink('late-link', 'Account recovery approved');
    t.clock.advance(71 * 3_600_000);
    expect((await postCancel(link.token)).status).toBe(200);
    expect((await t.db.recoveryRequest.findUniqueOrThrow({ where: { id: first.requestId } })).status).toBe('cancelled');
    t.clock.advance(3_600_000 + 1_000);
    expect((await request(t.app).get(late.path)).status).toBe(404);
    expect((await postCancel(late.token)).status).toBe(404);
    expect((await t.db.recoveryRequest.findUniqueOrThrow({ where: { id: second.requestId } })).status).not.toBe('cancelled');
  });

  it('"Verify a token" names the account a pasted token belongs to, and flags a token of another account than the request\'s', async () => {
    const a = await recoveredUser('token-owner-a');
    const b = await recoveredUser('token-owner-b');
    const tokenOfA = (await t.db.recoveryRequest.findUniqueOrThrow({ where: { id: a.requestId } })).countersignedToken;
    const ownerCheck = (report: { checks: { check: string; passed: boolean; detail: string }[] }) => report.checks.find((c) => c.check === 'token_owner')!;
    // The tests above moved the clock by days: support signs in again.
    t.clock.advance(30_000);
    await staff.get('/api/session');
    expect((await staff.signIn('agent', password)).body.twoFactorRequired).toBe(true);
    expect((await staff.post('/api/auth/two-factor', { method: 'totp', code: totpCode(staffSecret, t.clock.now) })).status).toBe(200);

    const pasted = await staff.post('/api/support/verify-token', { token: tokenOfA });
    expect(pasted.status).toBe(200);
    expect(ownerCheck(pasted.body)).toMatchObject({ passed: true, detail: 'Belongs to @token-owner-a' });

    const sameRequest = await staff.post('/api/support/verify-token', { token: tokenOfA, requestId: a.requestId });
    expect(ownerCheck(sameRequest.body)).toMatchObject({ passed: true, detail: 'Belongs to @token-owner-a, the account being recovered' });

    const otherRequest = await staff.post('/api/support/verify-token', { token: tokenOfA, requestId: b.requestId });
    expect(otherRequest.status).toBe(200);
    expect(otherRequest.body.ok).toBe(false);
    expect(ownerCheck(otherRequest.body)).toMatchObject({ passed: false, detail: 'Belongs to @token-owner-a, not to @token-owner-b, the account this request is for' });
    expect((await staff.post('/api/support/verify-token', { token: tokenOfA, requestId: 'no-such-request' })).status).toBe(404);
  });
});
