import type { OAuthFlow } from '@recovery/db';
import { issueRecoveryToken, newRecoveryTokenId } from '../recoveryTokens/issueRecoveryToken.ts';
import { partnerConfigurationFetcher } from '../recoveryTokens/partnerConfiguration.ts';
import { finishRecovery } from '../recoveryTokens/recoverFlow.ts';
import type { WayId } from '../recoveryMatrix/recoveryMatrix.ts';
import { fileDeviceRecovery } from './deviceRecoveryHelpers.ts';
import type { FakePartner } from './fakePartner.ts';
import { SoftAuthenticator } from './softAuthenticator.ts';
import type { TestApp } from './testApp.ts';
import { TestClient } from './testClient.ts';
import { enableTwoFactorFor, password, totpCode } from './twoFactorHelpers.ts';

/** An account with every factor: app, codes, key, fallback number, a token at the partner, a verified browser. */
export interface FullyEquippedAccount {
  name: string;
  email: string;
  userId: string;
  secret: string;
  codes: string[];
  key: SoftAuthenticator;
  phone: string;
  /** Signed out, holding only its device cookie. */
  knownBrowser: TestClient;
  partnerSubject: string;
  tokenId: string;
}

const newPassword = 'a freshly reset password';

export async function fullyEquippedAccount(t: TestApp, name: string, partner: FakePartner): Promise<FullyEquippedAccount> {
  const setup = new TestClient(t.app, `Setup-${name}/1.0`);
  const userId = (await setup.signUp(name)).body.user.id as string;
  const { secret, codes } = await enableTwoFactorFor(t, setup);
  const key = new SoftAuthenticator('http://localhost:3000', 'localhost');
  const options = await setup.post('/api/security-keys/registration-options');
  if ((await setup.post('/api/security-keys', { nickname: 'Key', response: key.register(options.body.options) })).status !== 201) throw new Error('key');
  const phone = '+31612345678';
  await setup.post('/api/fallback-sms', { country: 'NL', phoneNumber: '06 12345678' });
  if ((await setup.post('/api/fallback-sms/confirm', { code: await lastSms(t, phone) })).status !== 200) throw new Error('fallback');
  const tokenId = newRecoveryTokenId();
  const partnerSubject = `sub-${name}`;
  await t.db.recoveryToken.create({ data: { id: tokenId, userId, partner: partner.url, partnerSubject, state: 'confirmed' } });
  await setup.post('/api/auth/sign-out');
  const knownBrowser = new TestClient(t.app, `Laptop-${name}/1.0`);
  t.clock.advance(3_600_000);
  await knownBrowser.signIn(name, password);
  t.clock.advance(30_000);
  if ((await knownBrowser.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) })).status !== 200) throw new Error('known browser');
  await knownBrowser.post('/api/auth/sign-out');
  t.clock.advance(30_000);
  return { name, email: `${name}@example.com`, userId, secret, codes, key, phone, knownBrowser, partnerSubject, tokenId };
}

async function lastSms(t: TestApp, to: string): Promise<string> {
  const message = await t.db.outboxMessage.findFirstOrThrow({ where: { channel: 'sms', recipient: to }, orderBy: { id: 'desc' } });
  return message.body.slice(0, 6);
}

/** "Forgot password?" through the emailed link; the reset is sent after the answer, so wait for it. */
export async function resetPasswordByEmail(t: TestApp, account: FullyEquippedAccount): Promise<string> {
  await new TestClient(t.app).post('/api/auth/password-reset', { login: account.email });
  for (;;) {
    const mail = await t.db.outboxMessage.findFirst({ where: { recipient: account.email, subject: 'Reset your password' }, orderBy: { id: 'desc' } });
    const token = mail ? /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.body)?.[1] : undefined;
    if (token) {
      const done = await new TestClient(t.app).post('/api/auth/password-reset/complete', { token, password: newPassword });
      if (done.status >= 300) throw new Error(`reset: ${done.status}`);
      return newPassword;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export type WayResult = { kind: 'signed_in'; client: TestClient } | { kind: 'request'; requestId: string; proven: boolean } | { kind: 'refused' };

/**
 * One way back, through the API, from `browser` with `pass`: the second step of a sign-in, or a
 * recovery request (partner token, or the emailed one-time password and this browser).
 */
export async function tryWay(t: TestApp, partner: FakePartner, account: FullyEquippedAccount, way: WayId, browser: TestClient, pass: string): Promise<WayResult> {
  if (way === 'verified_device') {
    const filed = await fileDeviceRecovery(t, browser, account.name, account.email, pass);
    return filed.status === 201 ? { kind: 'request', requestId: filed.body.requestId as string, proven: filed.body.device !== null } : { kind: 'refused' };
  }
  const first = await browser.signIn(account.name, pass);
  if (first.body.twoFactorRequired !== true) return first.status === 200 ? { kind: 'signed_in', client: browser } : { kind: 'refused' };
  let res;
  if (way === 'authenticator') {
    t.clock.advance(30_000);
    res = await browser.post('/api/auth/two-factor', { method: 'totp', code: totpCode(account.secret, t.clock.now) });
  } else if (way === 'recovery_code') {
    res = await browser.post('/api/auth/two-factor', { method: 'recovery_code', code: account.codes[0] });
  } else if (way === 'security_key') {
    const options = await browser.post('/api/auth/two-factor/security-key-options');
    res = await browser.post('/api/auth/two-factor', { method: 'webauthn', response: account.key.authenticate(options.body.options) });
  } else if (way === 'fallback_sms') {
    await browser.post('/api/auth/two-factor/sms');
    res = await browser.post('/api/auth/two-factor', { method: 'sms', code: await lastSms(t, account.phone) });
  } else {
    // The partner re-authenticates its user and countersigns now (fresh: at most 5 minutes old).
    partner.nextCountersigned = partner.countersign(issueRecoveryToken(t.ctx, account.userId, partner.url, account.tokenId), t.config.publicOrigin, { issuedTime: t.clock.now });
    const pending = await t.db.pendingSignIn.findFirstOrThrow({ where: { userId: account.userId }, orderBy: { createdAt: 'desc' } });
    const flow: OAuthFlow = { stateHash: 'matrix', purpose: 'recover', userId: account.userId, tokenId: null, secretsEnc: '', pendingSignInHash: pending.idHash, expiresAt: t.clock.now, createdAt: t.clock.now };
    const { requestId } = await finishRecovery(t.ctx, { oauth: () => Promise.reject(new Error('unused')), fetchPartner: partnerConfigurationFetcher() }, flow, { accessToken: 'a', subject: account.partnerSubject }, {
      ip: '198.51.100.7',
      userAgent: browser.userAgent,
    });
    return { kind: 'request', requestId, proven: true };
  }
  return res.status === 200 ? { kind: 'signed_in', client: browser } : { kind: 'refused' };
}
