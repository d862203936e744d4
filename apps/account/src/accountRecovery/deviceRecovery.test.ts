import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, password } from '../testing/twoFactorHelpers.ts';
import { fileDeviceRecovery, latestRecoveryEmailCode, signInWithTotp } from '../testing/deviceRecoveryHelpers.ts';
import { setStaffRole } from '../staff/setStaffRole.ts';

describe.each(providersUnderTest)('account recovery proven with a verified device on %s', (provider) => {
  let t: TestApp;
  let staff: TestClient;
  let staffSecret = '';
  const hour = 3_600_000;

  beforeAll(async () => {
    t = await createTestApp(provider, { ACCOUNT_RECOVERY_DELAY_HOURS: '72' });
    staff = new TestClient(t.app, 'StaffBrowser/1.0');
    await staff.signUp('deskhelp');
    staffSecret = (await enableTwoFactorFor(t, staff)).secret;
    await setStaffRole(t.db, 'deskhelp', true);
  });

  /** Staff sign in afresh and confirm access (the test clock moves days between steps). */
  async function staffAtDesk(): Promise<TestClient> {
    staff = new TestClient(t.app, 'StaffBrowser/1.0');
    await signInWithTotp(t, staff, 'deskhelp', staffSecret);
    expect((await staff.post('/api/sudo', { password })).status).toBe(200);
    return staff;
  }
  afterAll(async () => {
    await t.close();
  });

  /** An owner with 2FA who signed in with it once in `browser`, and then lost every factor. */
  async function ownerWithVerifiedBrowser(name: string) {
    const setup = new TestClient(t.app, `Setup-${name}/1.0`);
    const userId = (await setup.signUp(name)).body.user.id as string;
    const { secret } = await enableTwoFactorFor(t, setup);
    const browser = new TestClient(t.app, `Laptop-${name}/1.0`);
    t.clock.advance(24 * hour);
    await signInWithTotp(t, browser, name, secret);
    expect((await browser.post('/api/auth/sign-out')).status).toBe(204);
    t.clock.advance(24 * hour);
    return { userId, browser, secret, email: `${name}@example.com` };
  }

  const events = async (userId: string, action: string) => t.db.securityEvent.findMany({ where: { userId, action } });
  const mails = (email: string, subject: string) => t.db.outboxMessage.count({ where: { recipient: email, subject } });
  const requestInConsole = async (id: string) => {
    const list = await (await staffAtDesk()).get('/api/support/recovery-requests');
    expect(list.status).toBe(200);
    return (list.body.requests as { id: string; report: { ok: boolean; checks: { check: string; passed: boolean }[] }; evidence?: { device: { userAgent: string } | null; emailVerifiedAt: string } }[]).find((r) => r.id === id);
  };

  it('from a verified device: filed with its proof, approved by staff after the same waiting period, owner emailed at each step', async () => {
    const { userId, browser, email } = await ownerWithVerifiedBrowser('devowner');
    const filed = await fileDeviceRecovery(t, browser, 'devowner', email);
    expect(filed.status).toBe(201);
    expect(filed.body.device.userAgent).toBe('Laptop-devowner/1.0');
    expect(filed.body.waitingHours).toBe(72);
    const id = filed.body.requestId as string;
    // The sign-in attempt is spent: no session, no second try with the same attempt.
    expect((await browser.get('/api/session')).body.user).toBeNull();
    expect((await browser.post('/api/auth/account-recovery/start')).status).toBe(401);

    const listed = await requestInConsole(id);
    expect(listed?.report.ok).toBe(true);
    expect(listed?.report.checks.map((c) => [c.check, c.passed])).toEqual([['password', true], ['email_verified', true], ['verified_device', true]]);
    expect(listed?.evidence?.device?.userAgent).toBe('Laptop-devowner/1.0');
    const start = await events(userId, 'two_factor_account_recovery.start');
    expect(start.map((e) => JSON.parse(e.data).evidence)).toEqual(['verified_device']);
    expect(await mails(email, 'Account recovery started')).toBe(1);

    const approved = await staff.post(`/api/support/recovery-requests/${id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.evidence.device.userAgent).toBe('Laptop-devowner/1.0');
    expect(new Date(approved.body.completesAt as string).getTime() - t.clock.now.getTime()).toBe(72 * hour);
    expect(await mails(email, 'Account recovery approved')).toBe(1);
    // Not a moment before the waiting period ends: the password alone still asks for 2FA.
    t.clock.advance(72 * hour - 1);
    expect((await new TestClient(t.app, 'Early/1.0').signIn('devowner')).body.twoFactorRequired).toBe(true);
    t.clock.advance(1);
    const back = await new TestClient(t.app, 'After/1.0').signIn('devowner');
    expect(back.status).toBe(200);
    expect(back.body.twoFactorRequired).not.toBe(true);
    expect(await events(userId, 'two_factor_account_recovery.complete')).toHaveLength(1);
    expect(await t.db.twoFactor.findUnique({ where: { userId } })).toBeNull();
  });

  it('the owner cancels it from a signed-in session, emailed and logged; staff can no longer approve it', async () => {
    const { userId, browser, email, secret } = await ownerWithVerifiedBrowser('cancelme');
    const filed = await fileDeviceRecovery(t, browser, 'cancelme', email);
    expect(filed.status).toBe(201);
    const id = filed.body.requestId as string;
    // Still holding a factor in another signed-in browser, the owner stops a recovery they did not ask for.
    const owner = new TestClient(t.app, 'Desktop/1.0');
    await signInWithTotp(t, owner, 'cancelme', secret);
    expect((await owner.post(`/api/account-recovery/${id}/cancel`)).status).toBe(204);
    expect((await t.db.recoveryRequest.findUniqueOrThrow({ where: { id } })).status).toBe('cancelled');
    expect(await events(userId, 'two_factor_account_recovery.abort')).toHaveLength(1);
    expect(await mails(email, 'Account recovery cancelled')).toBe(1);
    expect((await (await staffAtDesk()).post(`/api/support/recovery-requests/${id}/approve`)).status).toBe(409);
  });

  it('from a browser that never passed 2FA: filed, flagged without device proof, and not approvable', async () => {
    const { userId, email } = await ownerWithVerifiedBrowser('nodevice');
    const stranger = new TestClient(t.app, 'Internet-Cafe/1.0');
    await stranger.signIn('nodevice');
    const started = await stranger.post('/api/auth/account-recovery/start');
    expect(started.body).toEqual({ sentTo: 'n•••••••@example.com', verifiedDevice: false });
    const filed = await stranger.post('/api/auth/account-recovery/verify-email', { code: await latestRecoveryEmailCode(t, email) });
    expect(filed.status).toBe(201);
    expect(filed.body.device).toBeNull();
    const listed = await requestInConsole(filed.body.requestId as string);
    expect(listed?.report.ok).toBe(false);
    expect(listed?.evidence?.device).toBeNull();
    expect((await events(userId, 'two_factor_account_recovery.start')).map((e) => JSON.parse(e.data).evidence)).toEqual(['email_only']);
    expect(await mails(email, 'Account recovery started')).toBe(1);
    const refused = await staff.post(`/api/support/recovery-requests/${filed.body.requestId as string}/approve`);
    expect(refused.status).toBe(409);
    expect((await t.db.recoveryRequest.findUniqueOrThrow({ where: { id: filed.body.requestId as string } })).status).toBe('pending');
  });

  it('a browser known only from before 2FA was turned on is no verified device', async () => {
    const early = new TestClient(t.app, 'Early-Browser/1.0');
    await early.signUp('before2fa');
    await enableTwoFactorFor(t, early);
    expect((await early.post('/api/auth/sign-out')).status).toBe(204);
    const filed = await fileDeviceRecovery(t, early, 'before2fa', 'before2fa@example.com');
    expect(filed.status).toBe(201);
    expect(filed.body.device).toBeNull();
  });

  it('needs the password first: without a pending sign-in nothing is sent', async () => {
    const stranger = new TestClient(t.app, 'Stranger/1.0');
    expect((await stranger.post('/api/auth/account-recovery/start')).status).toBe(401);
    expect((await stranger.post('/api/auth/account-recovery/verify-email', { code: '123456' })).status).toBe(401);
    const wrongPassword = await stranger.signIn('devowner', 'not the password at all');
    expect(wrongPassword.status).toBe(401);
    expect((await stranger.post('/api/auth/account-recovery/start')).status).toBe(401);
  });

  it('the one-time password: single-use, expiring, five guesses per sign-in attempt, three emails', async () => {
    const { browser, email } = await ownerWithVerifiedBrowser('guesser');
    await browser.signIn('guesser');
    expect((await browser.post('/api/auth/account-recovery/verify-email', { code: '000000' })).status).toBe(409);
    expect((await browser.post('/api/auth/account-recovery/start')).status).toBe(200);
    const code = await latestRecoveryEmailCode(t, email);
    const wrong = code === '999999' ? '999998' : '999999';
    expect((await browser.post('/api/auth/account-recovery/verify-email', { code: 'abc' })).status).toBe(400);
    for (let i = 0; i < 4; i++) expect((await browser.post('/api/auth/account-recovery/verify-email', { code: wrong })).body.error.code).toBe('invalid_code');
    // Two resends, then no more emails for this attempt; guesses do not start over with a new code.
    expect((await browser.post('/api/auth/account-recovery/start')).status).toBe(200);
    expect((await browser.post('/api/auth/account-recovery/start')).status).toBe(200);
    expect((await browser.post('/api/auth/account-recovery/start')).status).toBe(429);
    expect((await browser.post('/api/auth/account-recovery/verify-email', { code: wrong })).body.error.code).toBe('invalid_code');
    const last = await latestRecoveryEmailCode(t, email);
    const used = await browser.post('/api/auth/account-recovery/verify-email', { code: last });
    expect(used.status).toBe(401);
    expect(await t.db.recoveryRequest.count({ where: { user: { username: 'guesser' } } })).toBe(0);

    // A new attempt: the code expires after 10 minutes, and a used one never works twice.
    await browser.signIn('guesser');
    expect((await browser.post('/api/auth/account-recovery/start')).status).toBe(200);
    const fresh = await latestRecoveryEmailCode(t, email);
    t.clock.advance(10 * 60_000);
    expect((await browser.post('/api/auth/account-recovery/verify-email', { code: fresh })).status).toBe(401);
    const filed = await fileDeviceRecovery(t, browser, 'guesser', email);
    expect(filed.status).toBe(201);
    expect((await browser.post('/api/auth/account-recovery/verify-email', { code: await latestRecoveryEmailCode(t, email) })).status).toBe(401);
  });
});
