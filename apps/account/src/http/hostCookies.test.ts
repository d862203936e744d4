import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { createApp } from '../createApp.ts';
import { createTestApp } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { sealTotpSecret } from '../twoFactor/totpFactor.ts';

const setCookies = (res: request.Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);

describe('cookie names', () => {
  let http: TestApp;
  let https: { app: Express };
  beforeAll(async () => {
    http = await createTestApp('sqlite');
    // The same service as production configures it behind https (only the public URL differs).
    https = createApp({ ...http.config, publicOrigin: 'https://accounts.example.com' }, { db: http.db, now: () => http.clock.now });
  });
  afterAll(async () => {
    await http.close();
  });

  it('uses the __Host- prefix for the session and CSRF cookies when PUBLIC_URL is https', async () => {
    const csrf = await request(https.app).get('/api/session');
    const csrfCookie = setCookies(csrf).find((c) => c.startsWith('__Host-csrf_token='));
    expect(csrfCookie).toMatch(/; Path=\//);
    expect(csrfCookie).toMatch(/; Secure/);
    expect(csrfCookie).not.toMatch(/Domain=/i);
    const token = /^__Host-csrf_token=([^;]*)/.exec(csrfCookie!)![1]!;

    const signUp = await request(https.app)
      .post('/api/auth/sign-up')
      .set('Cookie', `__Host-csrf_token=${token}`)
      .set('X-CSRF-Token', decodeURIComponent(token))
      .send({ username: 'prefixed', email: 'prefixed@example.com', password: 'a long enough password' });
    expect(signUp.status).toBe(201);
    const sid = setCookies(signUp).find((c) => /^__Host-sid=[^;]/.test(c));
    expect(sid).toMatch(/; Path=\/.*; HttpOnly; Secure/);
    expect(sid).not.toMatch(/Domain=/i);
    expect(setCookies(signUp).some((c) => /^(sid|csrf_token)=/.test(c))).toBe(false);

    // The prefixed cookie is the session; the old name is ignored.
    const value = /^__Host-sid=([^;]*)/.exec(sid!)![1]!;
    expect((await request(https.app).get('/api/session').set('Cookie', `__Host-sid=${value}`)).body.user.username).toBe('prefixed');
    expect((await request(https.app).get('/api/session').set('Cookie', `sid=${value}`)).body.user).toBeNull();
  });

  /** An anonymous CSRF cookie and token for the https app. */
  async function httpsCsrf(): Promise<{ cookie: string; header: string }> {
    const res = await request(https.app).get('/api/session');
    const token = /^__Host-csrf_token=([^;]*)/.exec(setCookies(res).find((c) => c.startsWith('__Host-csrf_token='))!)![1]!;
    return { cookie: `__Host-csrf_token=${token}`, header: decodeURIComponent(token) };
  }

  it('uses the __Host- prefix for the device id and the pending sign-in under https; an unprefixed device id is carried over', async () => {
    const csrf = await httpsCsrf();
    const signUp = await request(https.app)
      .post('/api/auth/sign-up')
      .set('Cookie', csrf.cookie)
      .set('X-CSRF-Token', csrf.header)
      .send({ username: 'devicehost', email: 'devicehost@example.com', password: 'a long enough password' });
    expect(signUp.status).toBe(201);
    const device = setCookies(signUp).find((c) => /^__Host-device_id=[^;]/.test(c));
    expect(device).toMatch(/; Path=\/.*; HttpOnly; Secure/);
    expect(device).not.toMatch(/Domain=/i);
    expect(setCookies(signUp).some((c) => /^device_id=/.test(c))).toBe(false);

    const userId = signUp.body.user.id as string;
    await http.db.twoFactor.create({ data: { userId, totpSecretEnc: sealTotpSecret(http.ctx, userId, 'JBSWY3DPEHPK3PXP'), enabledAt: http.clock.now } });
    // A browser that still holds the unprefixed id from before: it stays known, and gets the prefixed cookie.
    const legacyId = /^__Host-device_id=([^;]*)/.exec(device!)![1]!;
    const again = await httpsCsrf();
    const signIn = await request(https.app)
      .post('/api/auth/sign-in')
      .set('Cookie', `${again.cookie}; device_id=${legacyId}`)
      .set('X-CSRF-Token', again.header)
      .send({ login: 'devicehost', password: 'a long enough password' });
    expect(signIn.body.twoFactorRequired).toBe(true);
    const pending = setCookies(signIn).find((c) => /^__Host-pending_signin=[^;]/.test(c));
    expect(pending).toMatch(/; Path=\/;.*HttpOnly; Secure/);
    expect(pending).not.toMatch(/Domain=/i);
    const pendingRow = await http.db.pendingSignIn.findFirstOrThrow({ where: { userId } });
    expect(pendingRow.knownDevice).toBe(true);
  });

  it('keeps the plain names over http (development), where browsers would refuse the prefix', async () => {
    const client = new TestClient(http.app);
    const res = await client.signUp('plain');
    expect(setCookies(res).some((c) => c.startsWith('sid='))).toBe(true);
    expect(client.cookie('csrf_token')).toBeTruthy();
  });
});
