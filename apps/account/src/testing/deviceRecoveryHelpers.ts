import type { TestApp } from './testApp.ts';
import type { TestClient } from './testClient.ts';
import { password, totpCode } from './twoFactorHelpers.ts';

/** A full sign-in with the authenticator app: the browser becomes a verified device of the account. */
export async function signInWithTotp(t: TestApp, client: TestClient, login: string, secret: string): Promise<void> {
  const first = await client.signIn(login, password);
  if (first.body.twoFactorRequired !== true) throw new Error(`password step: ${first.status}`);
  t.clock.advance(30_000);
  const second = await client.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) });
  if (second.status !== 200) throw new Error(`second step: ${second.status} ${JSON.stringify(second.body)}`);
}

/** The newest account-recovery one-time password emailed to `email`. */
export async function latestRecoveryEmailCode(t: TestApp, email: string): Promise<string> {
  const mail = await t.db.outboxMessage.findFirstOrThrow({ where: { recipient: email, subject: 'Your account recovery one-time password' }, orderBy: { id: 'desc' } });
  const code = /^(\d{6}) is the one-time password/.exec(mail.body)?.[1];
  if (!code) throw new Error('no one-time password in the email');
  return code;
}

/** Password, "Start account recovery", the emailed one-time password: the filed request's answer. */
export async function fileDeviceRecovery(t: TestApp, client: TestClient, login: string, email: string, pass = password) {
  const first = await client.signIn(login, pass);
  if (first.body.twoFactorRequired !== true) throw new Error(`password step: ${first.status}`);
  const started = await client.post('/api/auth/account-recovery/start');
  if (started.status !== 200) throw new Error(`start: ${started.status} ${JSON.stringify(started.body)}`);
  return client.post('/api/auth/account-recovery/verify-email', { code: await latestRecoveryEmailCode(t, email) });
}
