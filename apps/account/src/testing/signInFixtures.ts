import request from 'supertest';
import { newId } from '@recovery/core/ids';
import { randomToken, sha256Hex } from '@recovery/http';
import type { TestApp } from './testApp.ts';
import { sealTotpSecret } from '../twoFactor/totpFactor.ts';

/**
 * Accounts with 2FA on and a pending sign-in each ("password passed"), written directly as the
 * service writes them, so a test can send many second steps without running argon2 many times.
 */
export async function pendingTwoFactorSignIns(t: TestApp, count: number, secret: string, prefix: string): Promise<{ userId: string; cookie: string }[]> {
  const now = t.clock.now;
  const out: { userId: string; cookie: string }[] = [];
  for (let i = 0; i < count; i++) {
    const userId = newId(now.getTime());
    const name = `${prefix}${i}`;
    await t.db.user.create({ data: { id: userId, username: name, displayName: name, email: `${name}@example.com`, passwordHash: 'unused' } });
    await t.db.twoFactor.create({ data: { userId, totpSecretEnc: sealTotpSecret(t.ctx, userId, secret), enabledAt: now } });
    const id = randomToken(32);
    await t.db.pendingSignIn.create({ data: { idHash: sha256Hex(id), userId, createdAt: now, expiresAt: new Date(now.getTime() + 10 * 60_000) } });
    out.push({ userId, cookie: id });
  }
  return out;
}

/** An anonymous CSRF token with its cookie, as a browser holds it before signing in. */
export async function anonymousCsrf(t: TestApp): Promise<{ token: string; cookie: string }> {
  const res = await request(t.app).get('/api/session');
  return { token: res.body.csrfToken as string, cookie: `csrf_token=${encodeURIComponent(res.body.csrfToken as string)}` };
}

/** A second step sent with a pending sign-in's cookie. */
export function sendSecondStep(t: TestApp, csrf: { token: string; cookie: string }, pendingCookie: string, body: object) {
  return request(t.app).post('/api/auth/two-factor').set('Cookie', `${csrf.cookie}; pending_signin=${pendingCookie}`).set('X-CSRF-Token', csrf.token).send(body);
}
