import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountOperations } from '@recovery/core/api/index';
import { createTestApp } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';

/** README "Security model", sudo mode: listing recovery methods is free, changing them and showing codes is not. */
describe('what needs sudo mode', () => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const owner = new TestClient(t.app);
    await owner.signUp('lister');
    const { secret } = await enableTwoFactorFor(t, owner);
    client = new TestClient(t.app);
    await client.signIn('lister', password);
    expect((await client.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) })).status).toBe(200);
    expect((await client.get('/api/session')).body.sudo.active).toBe(false);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists security keys, recovery tokens, the fallback number and the codes left without it', async () => {
    for (const path of ['/api/security-keys', '/api/recovery-tokens', '/api/fallback-sms', '/api/two-factor']) {
      expect({ path, status: (await client.get(path)).status }).toEqual({ path, status: 200 });
    }
  });

  it('refuses every change to a recovery method, and showing the recovery codes, without it', async () => {
    expect((await client.get('/api/two-factor/recovery-codes')).body.error.code).toBe('sudo_required');
    expect((await client.post('/api/fallback-sms', { country: 'NL', phoneNumber: '06 12345678' })).body.error.code).toBe('sudo_required');
    expect((await client.post('/api/two-factor/recovery-codes')).body.error.code).toBe('sudo_required');
    expect((await client.post('/api/two-factor/disable')).body.error.code).toBe('sudo_required');
    const listings = ['listSecurityKeys', 'listRecoveryTokens', 'getFallbackSms', 'getTwoFactor'];
    for (const name of listings) expect(accountOperations[name as keyof typeof accountOperations]?.access, name).toBe('session');
  });
});
