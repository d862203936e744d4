import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '@recovery/db';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';
import { signInWithTotp } from '../testing/deviceRecoveryHelpers.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';

const day = 24 * 3_600_000;

describe.each(providersUnderTest)('the 2FA check-up on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    // Sessions that outlive the period, so "the next visit in an existing session" can be after it.
    t = await createTestApp(provider, { SESSION_IDLE_MINUTES: String(60 * 24 * 60), SESSION_ABSOLUTE_HOURS: String(24 * 60) });
  });
  afterAll(async () => {
    await t.close();
  });

  async function withTwoFactor(name: string) {
    const client = new TestClient(t.app, `Browser-${name}/1.0`);
    const userId = (await client.signUp(name)).body.user.id as string;
    const { secret } = await enableTwoFactorFor(t, client);
    return { client, secret, userId };
  }
  const state = async (client: TestClient) => {
    const res = await client.get('/api/two-factor/checkup');
    expect(res.status).toBe(200);
    return res.body as { state: string; startedAt: string; endsAt: string; passedAt: string | null };
  };

  it('runs for 28 days after 2FA is turned on; a second factor in that time ends it', async () => {
    const { client, secret } = await withTwoFactor('checkpass');
    const running = await state(client);
    expect(running.state).toBe('running');
    expect(new Date(running.endsAt).getTime() - new Date(running.startedAt).getTime()).toBe(28 * day);
    t.clock.advance(27 * day);
    expect((await state(client)).state).toBe('running');
    await signInWithTotp(t, new TestClient(t.app, 'Phone/1.0'), 'checkpass', secret);
    t.clock.advance(2 * day);
    expect((await state(client)).state).toBe('passed');
  });

  it('with none by the end, the next visit asks once; the right code passes it, logged as a second factor', async () => {
    const { client, secret, userId } = await withTwoFactor('checkdue');
    const { endsAt } = await state(client);
    t.clock.advance(new Date(endsAt).getTime() - t.clock.now.getTime() - 1);
    expect((await state(client)).state).toBe('running');
    t.clock.advance(1);
    expect((await state(client)).state).toBe('due');
    const verified = await client.post('/api/two-factor/checkup/verify', { code: totpCode(secret, t.clock.now) });
    expect(verified.status).toBe(200);
    expect(verified.body.state).toBe('passed');
    const events = await t.db.securityEvent.findMany({ where: { userId, action: 'user.two_factor_challenge_success' } });
    expect(events.map((e) => JSON.parse(e.data).via)).toEqual(['checkup']);
    // The code's time step is spent: it cannot sign anyone in again.
    const replay = new TestClient(t.app, 'Replay/1.0');
    await replay.signIn('checkdue', password);
    expect((await replay.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) })).body.error.code).toBe('invalid_code');
  });

  it('answers in one unit of work: the reservation and the outcome, two commits', async () => {
    const { client, secret, userId } = await withTwoFactor('checkunit');
    t.clock.advance(28 * day);
    expect((await state(client)).state).toBe('due');
    const counted = await countStatements(t.db, () => client.post('/api/two-factor/checkup/verify', { code: totpCode(secret, t.clock.now) }));
    expect(counted.result.status).toBe(200);
    expect(counted.result.body.state).toBe('passed');
    expect(counted.commits, counted.statements.join('\n')).toBe(2);
    const row = await t.db.twoFactorCheckup.findFirst({ where: { userId } });
    expect(row?.promptedAt?.getTime()).toBe(t.clock.now.getTime());
    expect(row?.verifiedAt?.getTime()).toBe(t.clock.now.getTime());
    expect(row?.failedAt).toBeNull();
  });

  it('a wrong answer fails it (one answer per period); "Reconfigure 2FA" still needs the password (sudo), and starts a new period', async () => {
    const { client, secret, userId } = await withTwoFactor('checkfail');
    t.clock.advance(28 * day);
    const wrong = totpCode(secret, t.clock.now, 20);
    const failed = await client.post('/api/two-factor/checkup/verify', { code: wrong });
    expect(failed.body).toMatchObject({ state: 'failed' });
    expect(failed.status).toBe(200);
    expect(failed.body.state).toBe('failed');
    expect((await t.db.securityEvent.findMany({ where: { userId, action: 'user.two_factor_challenge_failure' } })).length).toBe(1);
    // No second guess this period, not even the right code.
    expect((await client.post('/api/two-factor/checkup/verify', { code: totpCode(secret, t.clock.now) })).status).toBe(409);
    expect((await state(client)).state).toBe('failed');

    // The session alone cannot set 2FA up again: sudo (the password) first.
    const noSudo = await client.post('/api/two-factor/authenticator');
    expect(noSudo.status).toBe(403);
    expect(noSudo.body.error.code).toBe('sudo_required');
    expect((await client.post('/api/sudo', { password })).status).toBe(200);
    const start = await client.post('/api/two-factor/authenticator');
    expect(start.status).toBe(200);
    const newSecret = start.body.setupKey as string;
    t.clock.advance(30_000);
    expect((await client.post('/api/two-factor/authenticator/verify', { replacementToken: start.body.replacementToken, code: totpCode(newSecret, t.clock.now) })).status).toBe(204);
    const fresh = await state(client);
    expect(fresh.state).toBe('running');
    expect(new Date(fresh.startedAt).getTime()).toBe(t.clock.now.getTime());
  });

  it('adding a passkey starts a new period, and signing in with that passkey passes it', async () => {
    const { client } = await withTwoFactor('checkpasskey');
    const first = await state(client);
    t.clock.advance(10 * day);
    expect((await client.post('/api/sudo', { password })).status).toBe(200);
    const passkey = new SoftAuthenticator('http://localhost:3000', 'localhost', { residentKey: true, userVerification: true });
    const options = await client.post('/api/passkeys/registration-options');
    expect(options.status).toBe(200);
    expect((await client.post('/api/passkeys', { nickname: 'Phone', response: passkey.register(options.body.options) })).status).toBe(201);
    const renewed = await state(client);
    expect(renewed.state).toBe('running');
    expect(new Date(renewed.startedAt).getTime()).toBeGreaterThan(new Date(first.startedAt).getTime());
    expect(new Date(renewed.startedAt).getTime()).toBe(t.clock.now.getTime());

    const browser = new TestClient(t.app, 'PasskeyBrowser/1.0');
    await browser.get('/api/session');
    const signInOptions = await browser.post('/api/auth/passkey-options');
    expect(signInOptions.status).toBe(200);
    expect((await browser.post('/api/auth/passkey', { response: passkey.authenticate(signInOptions.body.options) })).status).toBe(200);
    t.clock.advance(1);
    expect((await state(client)).state).toBe('passed');
  });

  it('is none without 2FA, and cannot be answered then', async () => {
    const client = new TestClient(t.app, 'No2fa/1.0');
    await client.signUp('checknone');
    expect((await state(client)).state).toBe('none');
    expect((await client.post('/api/two-factor/checkup/verify', { code: '123456' })).status).toBe(409);
    expect((await new TestClient(t.app).get('/api/two-factor/checkup')).status).toBe(401);
  });
});

describe.each(providersUnderTest)('the 2FA check-up with sessions shorter than the period on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, { SESSION_IDLE_MINUTES: String(60 * 24 * 60) });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is due on the last day of a session that will not outlive the period', async () => {
    const client = new TestClient(t.app);
    await client.signUp('shortlived');
    await enableTwoFactorFor(t, client);
    t.clock.advance(12 * day);
    expect((await client.get('/api/two-factor/checkup')).body.state).toBe('running');
    t.clock.advance(1.5 * day);
    expect((await client.get('/api/two-factor/checkup')).body.state).toBe('due');
  });
});
