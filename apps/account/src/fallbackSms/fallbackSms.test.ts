import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, password } from '../testing/twoFactorHelpers.ts';

describe.each(providersUnderTest)('the fallback SMS number on %s', (provider) => {
  let t: TestApp;
  let owner: TestClient;
  let codes: string[];
  beforeAll(async () => {
    t = await createTestApp(provider, { APP_NAME: 'Hubbub' });
    owner = new TestClient(t.app, 'SmsOwner/1.0');
    await owner.signUp('texter');
    ({ codes } = await enableTwoFactorFor(t, owner));
  });
  afterAll(async () => {
    await t.close();
  });

  const lastSms = async (to: string) => {
    const message = await t.db.outboxMessage.findFirstOrThrow({ where: { channel: 'sms', recipient: to }, orderBy: { id: 'desc' } });
    return message.body.slice(0, 6);
  };
  const events = async () => (await t.db.securityEvent.findMany({ where: { user: { username: 'texter' } }, orderBy: { id: 'asc' } })).map((e) => ({ action: e.action, data: JSON.parse(e.data) as Record<string, unknown> }));

  it('lists the supported countries and has no number at first', async () => {
    const res = await owner.get('/api/fallback-sms');
    expect(res.body.number).toBeNull();
    expect(res.body.supportedCountries.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['US', 'GB', 'NL']));
  });

  it.each([
    [{ country: 'KP', phoneNumber: '191 234 5678' }, 'country'],
    [{ country: 'NL', phoneNumber: '12' }, 'phoneNumber'],
    [{ country: 'NL', phoneNumber: '020 123 4567' }, 'phoneNumber'],
    [{ country: 'US', phoneNumber: '+31 6 12345678' }, 'phoneNumber'],
  ])('refuses %j with a clear error on %s and sends nothing', async (body, field) => {
    const before = await t.db.outboxMessage.count({ where: { channel: 'sms' } });
    const res = await owner.post('/api/fallback-sms', body);
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe(field);
    expect(await t.db.outboxMessage.count({ where: { channel: 'sms' } })).toBe(before);
  });

  it('sets the number only once the texted code is entered; stored encrypted, shown masked', async () => {
    const start = await owner.post('/api/fallback-sms', { country: 'NL', phoneNumber: '06 12345678' });
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({ number: null, pendingNumber: '+••• ••• 5678' });
    const code = await lastSms('+31612345678');
    expect(code).toMatch(/^\d{6}$/);
    const text = await t.db.outboxMessage.findFirstOrThrow({ where: { channel: 'sms', recipient: '+31612345678' }, orderBy: { id: 'desc' } });
    expect(text.body).toContain(`${code} is your Hubbub code`);
    // The WebOTP line, last, so phones offer one-tap autofill on this site only.
    expect(text.body.split('\n').at(-1)).toBe(`@localhost #${code}`);
    expect((await owner.post('/api/fallback-sms/confirm', { code: code === '000000' ? '111111' : '000000' })).status).toBe(400);
    const ok = await owner.post('/api/fallback-sms/confirm', { code });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ number: '+••• ••• 5678', country: 'NL', pendingNumber: null });
    expect((await owner.post('/api/fallback-sms/confirm', { code })).status).toBe(409);
    const row = await t.db.fallbackSms.findFirstOrThrow({ where: { user: { username: 'texter' } } });
    expect(JSON.stringify(row)).not.toContain('612345678');
    expect(await events()).toContainEqual({ action: 'two_factor_authentication.update_fallback', data: { change: 'added', lastDigits: '5678' } });
    const changed = await t.db.outboxMessage.findFirstOrThrow({ where: { recipient: 'texter@example.com', subject: 'Fallback SMS number changed' } });
    expect(changed.body.endsWith('\n\n— Hubbub\nhttp://localhost:3000')).toBe(true);
  });

  it('refuses the same number again', async () => {
    t.clock.advance(61_000);
    const res = await owner.post('/api/fallback-sms', { country: 'NL', phoneNumber: '+31612345678' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/already your fallback/);
  });

  it('signs in with a texted code (6 digits, single use), logged as sign_in_fallback_sms', async () => {
    t.clock.advance(61_000);
    const client = new TestClient(t.app, 'Phone/1.0');
    const first = await client.signIn('texter', password);
    expect(first.body.methods).toContain('sms');
    const sent = await client.post('/api/auth/two-factor/sms');
    expect(sent.status).toBe(200);
    expect(sent.body.sentTo).toMatch(/5678$/);
    const code = await lastSms('+31612345678');
    const res = await client.post('/api/auth/two-factor', { method: 'sms', code });
    expect(res.status).toBe(200);
    expect((await events()).map((e) => e.action)).toContain('two_factor_authentication.sign_in_fallback_sms');
    const again = new TestClient(t.app, 'Phone/2.0');
    await again.signIn('texter', password);
    expect((await again.post('/api/auth/two-factor', { method: 'sms', code })).status).toBe(400);
  });

  it('throttles sending: a resend waits a minute, and there is a daily cap', async () => {
    t.clock.advance(61_000);
    const client = new TestClient(t.app, 'Phone/3.0');
    await client.signIn('texter', password);
    expect((await client.post('/api/auth/two-factor/sms')).status).toBe(200);
    const soon = await client.post('/api/auth/two-factor/sms');
    expect(soon.status).toBe(429);
    expect(Number(soon.headers['retry-after'])).toBeGreaterThan(0);
    let sent = await t.db.smsCode.count({ where: { user: { username: 'texter' } } });
    while (sent < 10) {
      t.clock.advance(61_000);
      expect((await client.post('/api/auth/two-factor/sms')).status).toBe(200);
      sent++;
    }
    t.clock.advance(61_000);
    const capped = await client.post('/api/auth/two-factor/sms');
    expect(capped.status).toBe(429);
    expect(capped.body.error.message).toMatch(/today/);
  });

  it('counts wrong SMS codes toward the 2FA limits and expires codes after 10 minutes', async () => {
    t.clock.advance(25 * 3_600_000);
    const client = new TestClient(t.app, 'Phone/4.0');
    await client.signIn('texter', password);
    await client.post('/api/auth/two-factor/sms');
    const code = await lastSms('+31612345678');
    for (let i = 0; i < 4; i++) expect((await client.post('/api/auth/two-factor', { method: 'sms', code: '999999' === code ? '888888' : '999999' })).status).toBe(400);
    const pending = await t.db.pendingSignIn.findFirstOrThrow({ where: { user: { username: 'texter' } }, orderBy: { createdAt: 'desc' } });
    expect(pending.failures).toBe(4);
    t.clock.advance(10 * 60_000 + 1_000);
    const other = new TestClient(t.app, 'Phone/5.0');
    await other.signIn('texter', password);
    expect((await other.post('/api/auth/two-factor', { method: 'sms', code })).status).toBe(400);
  });

  it('never satisfies sudo mode', async () => {
    // A day has passed in this test's clock: sign in again first.
    owner = new TestClient(t.app, 'SmsOwner/1.0');
    await owner.signIn('texter', password);
    expect((await owner.post('/api/auth/two-factor', { method: 'recovery_code', code: codes[0]! })).status).toBe(200);
    const res = await owner.post('/api/sudo', { smsCode: '123456' });
    expect(res.status).toBe(400);
  });

  it('removes the number (sudo mode) and the prompt stops offering SMS', async () => {
    await owner.post('/api/sudo', { password });
    expect((await owner.delete('/api/fallback-sms')).status).toBe(204);
    expect((await owner.get('/api/fallback-sms')).body.number).toBeNull();
    expect(await events()).toContainEqual({ action: 'two_factor_authentication.update_fallback', data: { change: 'removed' } });
    const client = new TestClient(t.app);
    expect((await client.signIn('texter', password)).body.methods).not.toContain('sms');
  });

  it('is removed with 2FA: disabling 2FA leaves no fallback number behind', async () => {
    const c = new TestClient(t.app, 'Disabler/1.0');
    await c.signUp('disabler');
    await enableTwoFactorFor(t, c);
    await c.post('/api/fallback-sms', { country: 'GB', phoneNumber: '07400 123457' });
    expect((await c.post('/api/fallback-sms/confirm', { code: await lastSms('+447400123457') })).status).toBe(200);
    // The first sign-in code can be sent at once: the confirmation text does not hold it back.
    const signIn = new TestClient(t.app, 'Disabler/2.0');
    await signIn.signIn('disabler', password);
    expect((await signIn.post('/api/auth/two-factor/sms')).body.sentTo).toBe('+••• ••• 3457');
    expect((await c.post('/api/two-factor/disable')).status).toBe(204);
    expect(await t.db.fallbackSms.count({ where: { user: { username: 'disabler' } } })).toBe(0);
  });

  it('says an expired confirmation code expired (code "expired"), and "Resend" texts a new one to the number waiting', async () => {
    const c = new TestClient(t.app, 'Slow/1.0');
    await c.signUp('slowpoke');
    await enableTwoFactorFor(t, c);
    expect((await c.post('/api/fallback-sms/resend')).status).toBe(409);
    await c.post('/api/fallback-sms', { country: 'GB', phoneNumber: '07400 123458' });
    const first = await lastSms('+447400123458');
    t.clock.advance(10 * 60_000 + 1);
    const late = await c.post('/api/fallback-sms/confirm', { code: first });
    expect(late.status).toBe(400);
    expect(late.body.error.code).toBe('expired');
    expect(late.body.error.fields).toEqual([{ path: 'code', message: 'This code has expired' }]);
    // A wrong code is still just wrong.
    expect((await c.post('/api/fallback-sms/confirm', { code: first === '000000' ? '111111' : '000000' })).body.error.code).toBe('invalid_code');

    const resent = await c.post('/api/fallback-sms/resend');
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ number: null, pendingNumber: '+••• ••• 3458' });
    const second = await t.db.outboxMessage.count({ where: { channel: 'sms', recipient: '+447400123458' } });
    expect(second).toBe(2);
    // At most one a minute, as every SMS.
    expect((await c.post('/api/fallback-sms/resend')).status).toBe(429);
    expect((await c.post('/api/fallback-sms/confirm', { code: await lastSms('+447400123458') })).status).toBe(200);
  });
});
