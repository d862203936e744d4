import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { sha256Hex } from '@recovery/http';
import { countStatements } from '@recovery/db';
import { failNextStatement } from '../testing/failNextStatement.ts';
import { commitsBesidesMail } from '../testing/commitsBesidesMail.ts';
import { enableTwoFactorFor, password } from '../testing/twoFactorHelpers.ts';

describe.each(providersUnderTest)('"Forgot password?" on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  /**
   * The link is emailed after the answer (so timing says nothing): wait for it to arrive, however
   * long that takes on a busy machine; the test's own time limit is the only bound.
   */
  const resetLink = async (email: string): Promise<string> => {
    for (;;) {
      const mail = await t.db.outboxMessage.findFirst({ where: { recipient: email, subject: 'Reset your password' }, orderBy: { id: 'desc' } });
      if (mail) return /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.body)![1]!;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('answers the same for unknown accounts and sends nothing', async () => {
    const res = await new TestClient(t.app).post('/api/auth/password-reset', { login: 'nobody@example.com' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'sent' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await t.db.outboxMessage.count({ where: { subject: 'Reset your password' } })).toBe(0);
  });

  it('emails a single-use link (stored hashed) that sets a new password, ends every session and keeps 2FA', async () => {
    const laptop = new TestClient(t.app, 'Laptop/1.0');
    await laptop.signUp('forgetful');
    await enableTwoFactorFor(t, laptop);
    const res = await new TestClient(t.app).post('/api/auth/password-reset', { login: 'forgetful@example.com' });
    expect(res.status).toBe(202);
    const token = await resetLink('forgetful@example.com');
    const stored = await t.db.passwordReset.findMany({ where: { user: { username: 'forgetful' } } });
    expect(JSON.stringify(stored)).not.toContain(token);

    // Opening the link asks whether it still works; asking spends nothing.
    const check = () => new TestClient(t.app).post('/api/auth/password-reset/check', { token });
    expect((await check()).body).toEqual({ status: 'valid' });
    expect((await check()).body).toEqual({ status: 'valid' });
    const done = await new TestClient(t.app).post('/api/auth/password-reset/complete', { token, password: 'a brand new password' });
    expect(done.status).toBe(204);
    expect((await check()).body).toEqual({ status: 'expired' });
    expect((await new TestClient(t.app).post('/api/auth/password-reset/check', { token: 'x'.repeat(43) })).body).toEqual({ status: 'expired' });
    expect((await new TestClient(t.app).post('/api/auth/password-reset/check', { token: 'bad token!' })).status).toBe(400);
    expect(await t.db.session.count({ where: { user: { username: 'forgetful' } } })).toBe(0);
    expect((await laptop.get('/api/session')).body.user).toBeNull();
    expect((await new TestClient(t.app).signIn('forgetful', password)).status).toBe(401);
    const signIn = await new TestClient(t.app).signIn('forgetful', 'a brand new password');
    expect(signIn.body.twoFactorRequired).toBe(true);
    const actions = (await t.db.securityEvent.findMany({ where: { user: { username: 'forgetful' } } })).map((e) => e.action);
    expect(actions).toContain('user.password_reset');
    expect(actions).not.toContain('two_factor_authentication.disabled');

    const again = await new TestClient(t.app).post('/api/auth/password-reset/complete', { token, password: 'yet another password' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('expired');
  });

  it('is one unit of work: a fault anywhere in it leaves the old password, the sessions and the link; a success is one commit', async () => {
    const laptop = new TestClient(t.app, 'Laptop/2.0');
    const userId = (await laptop.signUp('wholereset')).body.user.id as string;
    await new TestClient(t.app).post('/api/auth/password-reset', { login: 'wholereset@example.com' });
    const token = await resetLink('wholereset@example.com');
    // The last write of the outcome (its security event) fails.
    const failing = failNextStatement(t, /SecurityEvent/);
    const refused = await new TestClient(t.app).post('/api/auth/password-reset/complete', { token, password: 'a brand new password' });
    expect(failing.failed()).toBe(1);
    expect(refused.status).toBe(503);
    expect((await laptop.get('/api/session')).body.user?.username).toBe('wholereset');
    expect((await new TestClient(t.app).post('/api/auth/password-reset/check', { token })).body).toEqual({ status: 'valid' });
    expect((await new TestClient(t.app).signIn('wholereset', password)).status).toBe(200);
    expect(await t.db.securityEvent.count({ where: { userId, action: 'user.password_reset' } })).toBe(0);

    const counted = await countStatements(t.db, () => new TestClient(t.app).post('/api/auth/password-reset/complete', { token, password: 'a brand new password' }));
    expect(counted.result.status).toBe(204);
    expect(commitsBesidesMail(counted), counted.statements.join('\n')).toBe(1);
    expect(await t.db.session.count({ where: { userId } })).toBe(0);
    expect(await t.db.securityEvent.count({ where: { userId, action: 'user.password_reset' } })).toBe(1);
  });

  it('refuses an expired link and a made-up one, changing nothing', async () => {
    await new TestClient(t.app).signUp('slowpoke');
    await new TestClient(t.app).post('/api/auth/password-reset', { login: 'slowpoke' });
    const token = await resetLink('slowpoke@example.com');
    t.clock.advance(60 * 60_000 + 1_000);
    expect((await new TestClient(t.app).post('/api/auth/password-reset/complete', { token, password: 'a brand new password' })).status).toBe(400);
    expect((await new TestClient(t.app).post('/api/auth/password-reset/complete', { token: 'x'.repeat(43), password: 'a brand new password' })).status).toBe(400);
    expect((await new TestClient(t.app).signIn('slowpoke', password)).status).toBe(200);
  });

  it('a refused new password leaves the link usable', async () => {
    await new TestClient(t.app).signUp('pickyperson');
    await new TestClient(t.app).post('/api/auth/password-reset', { login: 'pickyperson' });
    const token = await resetLink('pickyperson@example.com');
    const refused = await new TestClient(t.app).post('/api/auth/password-reset/complete', { token, password: 'PickyPerson' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0].path).toBe('password');
    expect((await t.db.passwordReset.findUniqueOrThrow({ where: { tokenHash: sha256Hex(token) } })).usedAt).toBeNull();
    expect((await new TestClient(t.app).post('/api/auth/password-reset/complete', { token, password: 'a brand new password' })).status).toBe(204);
    expect((await new TestClient(t.app).signIn('pickyperson', 'a brand new password')).status).toBe(200);
  });

  it('refuses a common new password and leaves the link usable', async () => {
    await new TestClient(t.app).signUp('resetcommon');
    await new TestClient(t.app).post('/api/auth/password-reset', { login: 'resetcommon@example.com' });
    const token = await resetLink('resetcommon@example.com');
    const refused = await new TestClient(t.app).post('/api/auth/password-reset/complete', { token, password: 'password123' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('password_too_common');
    expect((await new TestClient(t.app).signIn('resetcommon', 'password123')).status).toBe(401);
    expect((await new TestClient(t.app).post('/api/auth/password-reset/complete', { token, password: 'a brand new password' })).status).toBe(204);
  });
});
