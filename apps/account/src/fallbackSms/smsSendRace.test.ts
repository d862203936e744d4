import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import { burstEnv } from '../testing/testCeiling.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, password } from '../testing/twoFactorHelpers.ts';

describe.each(providersUnderTest)('racing SMS sends on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, burstEnv);
    const owner = new TestClient(t.app);
    await owner.signUp('racer');
    await enableTwoFactorFor(t, owner);
    expect((await owner.post('/api/fallback-sms', { country: 'NL', phoneNumber: '06 12345678' })).status).toBe(200);
    const sms = await t.db.outboxMessage.findFirstOrThrow({ where: { channel: 'sms' }, orderBy: { id: 'desc' } });
    expect((await owner.post('/api/fallback-sms/confirm', { code: sms.body.slice(0, 6) })).status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('fifty concurrent "Send a code to your fallback number" text exactly once', async () => {
    const client = new TestClient(t.app);
    expect((await client.signIn('racer', password)).body.methods).toContain('sms');
    const answers = await Promise.all(Array.from({ length: 50 }, () => client.post('/api/auth/two-factor/sms')));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(49);
    expect(await t.db.outboxMessage.count({ where: { channel: 'sms', subject: 'Sign-in code' } })).toBe(1);
    expect(await t.db.smsCode.count({ where: { purpose: 'sign_in' } })).toBe(1);
  });
});
