import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, totpCode } from '../testing/twoFactorHelpers.ts';

describe.each(providersUnderTest)('sudo mode with an authenticator code on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  it('accepts a fresh authenticator code, refuses a wrong or replayed one', async () => {
    const client = new TestClient(t.app);
    await client.signUp('totp-sudoer');
    const { secret } = await enableTwoFactorFor(t, client);
    // Active (so the session lives on) but past the two hours of sudo mode.
    for (let i = 0; i < 3; i++) {
      t.clock.advance(50 * 60_000);
      await client.get('/api/session');
    }
    expect((await client.get('/api/session')).body.sudo.active).toBe(false);
    const wrong = await client.post('/api/sudo', { totpCode: totpCode(secret, t.clock.now, 3) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('invalid_code');
    const code = totpCode(secret, t.clock.now);
    const ok = await client.post('/api/sudo', { totpCode: code });
    expect(ok.status).toBe(200);
    expect(ok.body.sudo.active).toBe(true);
    expect((await client.post('/api/sudo', { totpCode: code })).status).toBe(400);
  });

  it('does not accept a code from an account without 2FA', async () => {
    const client = new TestClient(t.app);
    await client.signUp('plain-sudoer');
    expect((await client.post('/api/sudo', { totpCode: '123456' })).status).toBe(400);
    expect((await client.post('/api/sudo', { password: 'x', totpCode: '123456' })).status).toBe(400);
  });
});
