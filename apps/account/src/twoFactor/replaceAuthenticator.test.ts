import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { commitsBesidesMail } from '../testing/commitsBesidesMail.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';
import { countStatements } from '@recovery/db';
import { failNextStatement } from '../testing/failNextStatement.ts';
import { accountKey } from './twoFactorLimits.ts';

describe.each(providersUnderTest)('"Edit": replacing the authenticator app on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  async function withTwoFactor(username: string) {
    const client = new TestClient(t.app);
    const created = await client.signUp(username);
    const { secret, codes } = await enableTwoFactorFor(t, client);
    await client.post('/api/fallback-sms', { country: 'NL', phoneNumber: '06 12345678' });
    return { client, secret, codes, userId: created.body.user.id as string };
  }

  const signInWithTotp = async (username: string, code: string) => {
    const client = new TestClient(t.app);
    await client.signIn(username, password);
    return client.post('/api/auth/two-factor', { method: 'totp', code });
  };

  it('swaps only the secret: the old app stops, the new one works, codes and the rest stay; event and email', async () => {
    const { client, secret: oldSecret, userId } = await withTwoFactor('switcher');
    const codesBefore = await t.db.recoveryCode.findMany({ where: { userId }, orderBy: { id: 'asc' } });
    const fallbackBefore = await t.db.fallbackSms.count({ where: { userId } });

    const start = await client.post('/api/two-factor/authenticator');
    expect(start.status).toBe(200);
    expect(start.body.setupKey).not.toBe(oldSecret);
    expect(new URL(start.body.otpauthUri).searchParams.get('secret')).toBe(start.body.setupKey);
    expect(start.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    // Nothing changed yet: the old app still signs in.
    t.clock.advance(30_000);
    expect((await signInWithTotp('switcher', totpCode(oldSecret, t.clock.now))).status).toBe(200);

    t.clock.advance(30_000);
    const code = totpCode(start.body.setupKey, t.clock.now);
    const verify = await client.post('/api/two-factor/authenticator/verify', { replacementToken: start.body.replacementToken, code });
    expect(verify.status).toBe(204);

    // The code that verified the new app is spent; the next step's code signs in; the old app does not.
    expect((await signInWithTotp('switcher', code)).status).toBe(400);
    t.clock.advance(30_000);
    expect((await signInWithTotp('switcher', totpCode(oldSecret, t.clock.now))).status).toBe(400);
    expect((await signInWithTotp('switcher', totpCode(start.body.setupKey, t.clock.now))).status).toBe(200);

    expect(await t.db.recoveryCode.findMany({ where: { userId }, orderBy: { id: 'asc' } })).toEqual(codesBefore);
    expect(await t.db.fallbackSms.count({ where: { userId } })).toBe(fallbackBefore);
    expect((await client.get('/api/two-factor')).body.enabled).toBe(true);
    expect(await t.db.securityEvent.count({ where: { userId, action: 'two_factor_authentication.update_totp' } })).toBe(1);
    expect(await t.db.outboxMessage.count({ where: { recipient: 'switcher@example.com', subject: 'Authenticator app replaced' } })).toBe(1);
  });

  it('refuses a wrong code, a token from another account, a forged token and an old one, changing nothing', async () => {
    const { client, secret, userId } = await withTwoFactor('careful');
    const other = await withTwoFactor('bystander');
    const mine = await client.post('/api/two-factor/authenticator');
    const theirs = await other.client.post('/api/two-factor/authenticator');
    const before = await t.db.twoFactor.findUniqueOrThrow({ where: { userId } });

    const wrong = await client.post('/api/two-factor/authenticator/verify', { replacementToken: mine.body.replacementToken, code: totpCode(secret, t.clock.now, 20) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].path).toBe('code');
    const foreign = await client.post('/api/two-factor/authenticator/verify', { replacementToken: theirs.body.replacementToken, code: totpCode(theirs.body.setupKey, t.clock.now) });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields[0].path).toBe('replacementToken');
    const forged = await client.post('/api/two-factor/authenticator/verify', { replacementToken: 'v1.AAAA.BBBB.CCCC', code: '123456' });
    expect(forged.status).toBe(400);
    t.clock.advance(16 * 60_000);
    const old = await client.post('/api/two-factor/authenticator/verify', { replacementToken: mine.body.replacementToken, code: totpCode(mine.body.setupKey, t.clock.now) });
    expect(old.status).toBe(400);
    expect(old.body.error.code).toBe('expired');

    expect(await t.db.twoFactor.findUniqueOrThrow({ where: { userId } })).toEqual(before);
    expect(await t.db.securityEvent.count({ where: { userId, action: 'two_factor_authentication.update_totp' } })).toBe(0);
  });

  it('needs sudo mode and 2FA on', async () => {
    const { client } = await withTwoFactor('lapsed');
    await t.db.session.updateMany({ data: { sudoUntil: null } });
    expect((await client.post('/api/two-factor/authenticator')).status).toBe(403);
    const fresh = new TestClient(t.app);
    await fresh.signUp('without-2fa');
    await fresh.post('/api/sudo', { password });
    expect((await fresh.post('/api/two-factor/authenticator')).status).toBe(409);
  });

  it('each Edit token works once, and a newer Edit voids the older token (an older app cannot come back)', async () => {
    const { client } = await withTwoFactor('reuser');
    const older = (await client.post('/api/two-factor/authenticator')).body;
    const newer = (await client.post('/api/two-factor/authenticator')).body;
    t.clock.advance(30_000);
    const refusedOlder = await client.post('/api/two-factor/authenticator/verify', { replacementToken: older.replacementToken, code: totpCode(older.setupKey, t.clock.now) });
    expect(refusedOlder.status).toBe(400);
    expect(refusedOlder.body.error.code).toBe('expired');
    expect((await client.post('/api/two-factor/authenticator/verify', { replacementToken: newer.replacementToken, code: totpCode(newer.setupKey, t.clock.now) })).status).toBe(204);
    t.clock.advance(30_000);
    // Used once: neither the same token again nor the older one brings an app back.
    expect((await client.post('/api/two-factor/authenticator/verify', { replacementToken: newer.replacementToken, code: totpCode(newer.setupKey, t.clock.now) })).body.error.code).toBe('expired');
    expect((await client.post('/api/two-factor/authenticator/verify', { replacementToken: older.replacementToken, code: totpCode(older.setupKey, t.clock.now) })).body.error.code).toBe('expired');
    const userId = (await t.db.user.findUniqueOrThrow({ where: { username: 'reuser' } })).id;
    expect(await t.db.securityEvent.count({ where: { userId, action: 'two_factor_authentication.update_totp' } })).toBe(1);
    expect((await signInWithTotp('reuser', totpCode(newer.setupKey, t.clock.now))).status).toBe(200);
  });

  it('lifts the 2FA lock at the NIST ceiling, as enrolling does, and logs it', async () => {
    const { client, userId } = await withTwoFactor('ceilinged');
    const { perAccount } = t.ctx.twoFactorLimits;
    const key = accountKey(userId, false);
    // Nine locks in a row already served (hours of guessing, skipped), then the tenth: the ceiling.
    await t.db.rateLimit.create({ data: { key, count: 0, windowStart: t.clock.now, lockCount: 9 } });
    for (let i = 0; i < 10; i++) await (await perAccount.attempt(key)).failed();
    await expect(perAccount.attempt(key)).rejects.toMatchObject({ code: 'rate_limited' });
    expect((await t.db.rateLimit.findUniqueOrThrow({ where: { key } })).lockCount).toBe(10);
    const started = (await client.post('/api/two-factor/authenticator')).body;
    expect((await client.post('/api/two-factor/authenticator/verify', { replacementToken: started.replacementToken, code: totpCode(started.setupKey, t.clock.now) })).status).toBe(204);
    await (await perAccount.attempt(key)).cancel();
    const cleared = await t.db.securityEvent.findFirstOrThrow({ where: { userId, action: 'user.two_factor_limits_cleared' } });
    expect(JSON.parse(cleared.data)).toMatchObject({ reason: 'new_authenticator' });
  });

  it('is one unit of work: the new app, its event and the lifted limits in one commit (sudo\'s renewal apart), or none of it', async () => {
    const { client, secret: oldSecret, userId } = await withTwoFactor('wholereplace');
    const factorBefore = await t.db.twoFactor.findUniqueOrThrow({ where: { userId } });
    const replacementEvents = () => t.db.securityEvent.count({ where: { userId, action: { in: ['two_factor_authentication.update_totp', 'user.two_factor_limits_cleared'] } } });
    // Enabling lifted the limits too (and logged it).
    const eventsBefore = await replacementEvents();
    const first = (await client.post('/api/two-factor/authenticator')).body;
    // The lift of the limits fails: nothing of the replacement may stay.
    const failing = failNextStatement(t, /RateLimit/);
    const refused = await client.post('/api/two-factor/authenticator/verify', { replacementToken: first.replacementToken, code: totpCode(first.setupKey, t.clock.now) });
    expect(failing.failed()).toBe(1);
    expect(refused.status).toBe(503);
    expect((await t.db.twoFactor.findUniqueOrThrow({ where: { userId } })).totpSecretEnc).toBe(factorBefore.totpSecretEnc);
    expect(await replacementEvents()).toBe(eventsBefore);
    t.clock.advance(30_000);
    expect((await signInWithTotp('wholereplace', totpCode(oldSecret, t.clock.now))).status).toBe(200);

    t.clock.advance(30_000);
    const second = (await client.post('/api/two-factor/authenticator')).body;
    const counted = await countStatements(t.db, () => client.post('/api/two-factor/authenticator/verify', { replacementToken: second.replacementToken, code: totpCode(second.setupKey, t.clock.now) }));
    expect(counted.result.status).toBe(204);
    expect(commitsBesidesMail(counted), counted.statements.join('\n')).toBeLessThanOrEqual(2);
    expect(await replacementEvents()).toBe(eventsBefore + 2);
  });
});
