import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';

describe.each(providersUnderTest)('signing in with 2FA on %s', (provider) => {
  let t: TestApp;
  let secret: string;
  let codes: string[];
  beforeAll(async () => {
    t = await createTestApp(provider);
    const owner = new TestClient(t.app, 'OwnerBrowser/1.0');
    await owner.signUp('holder');
    ({ secret, codes } = await enableTwoFactorFor(t, owner));
  });
  afterAll(async () => {
    await t.close();
  });

  const userId = async () => (await t.db.user.findUniqueOrThrow({ where: { username: 'holder' } })).id;
  const actions = async () => (await t.db.securityEvent.findMany({ where: { userId: await userId() }, orderBy: { id: 'asc' } })).map((e) => e.action);
  const secondStep = (client: TestClient, method: 'totp' | 'recovery_code', code: string) => client.post('/api/auth/two-factor', { method, code });
  const passwordStep = async (agent = 'Laptop/1.0') => {
    const client = new TestClient(t.app, agent);
    const res = await client.signIn('holder', password);
    expect(res.body.twoFactorRequired).toBe(true);
    // The second step shows which account is signing in.
    expect(res.body.account).toBe('holder');
    return client;
  };

  it('accepts the current code and one step either side, and logs the success', async () => {
    for (const steps of [0, -1, 1]) {
      t.clock.advance(90_000);
      const client = await passwordStep();
      const res = await secondStep(client, 'totp', totpCode(secret, t.clock.now, steps));
      expect(res.status, `offset ${steps}`).toBe(200);
      expect(res.body.user.username).toBe('holder');
      expect((await client.get('/api/session')).body.user.username).toBe('holder');
    }
    expect((await actions()).filter((a) => a === 'user.two_factor_challenge_success')).toHaveLength(3);
  });

  it('refuses codes two steps away', async () => {
    t.clock.advance(90_000);
    const client = await passwordStep();
    expect((await secondStep(client, 'totp', totpCode(secret, t.clock.now, 2))).status).toBe(400);
    expect((await secondStep(client, 'totp', totpCode(secret, t.clock.now, -2))).status).toBe(400);
  });

  it('never accepts one time step twice, nor an earlier one after a later', async () => {
    t.clock.advance(90_000);
    const code = totpCode(secret, t.clock.now);
    expect((await secondStep(await passwordStep(), 'totp', code)).status).toBe(200);
    const replay = await secondStep(await passwordStep(), 'totp', code);
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('invalid_code');
    expect((await secondStep(await passwordStep(), 'totp', totpCode(secret, t.clock.now, -1))).status).toBe(400);
  });

  it('never starts a session without the password step first', async () => {
    const client = new TestClient(t.app);
    t.clock.advance(90_000);
    const res = await secondStep(client, 'totp', totpCode(secret, t.clock.now));
    expect(res.status).toBe(401);
    expect(client.cookie('sid')).toBeUndefined();
  });

  it('accepts a recovery code exactly once, in any case, with or without the hyphen, with spaces', async () => {
    const code = codes[0]!;
    const client = await passwordStep();
    const res = await secondStep(client, 'recovery_code', `  ${code.toUpperCase().replace('-', '')}  `);
    expect(res.status).toBe(200);
    const again = await secondStep(await passwordStep(), 'recovery_code', code);
    expect(again.status).toBe(400);
    expect(await actions()).toEqual(expect.arrayContaining(['user.two_factor_recover']));
    expect(await t.db.outboxMessage.count({ where: { recipient: 'holder@example.com', subject: 'A recovery code was used' } })).toBe(1);
    expect((await secondStep(await passwordStep(), 'recovery_code', codes[1]!.toUpperCase())).status).toBe(200);
    expect((await secondStep(await passwordStep(), 'recovery_code', `${codes[2]!.slice(0, 5)} ${codes[2]!.slice(6)}`)).status).toBe(200);
  });

  it('voids the sign-in attempt after five wrong codes: the password step starts over', async () => {
    const client = await passwordStep('Fumbler/1.0');
    const pendingBefore = await t.db.pendingSignIn.count({ where: { userId: await userId() } });
    const wrong = [];
    for (let i = 0; i < 4; i++) wrong.push(await secondStep(client, 'totp', '000000'));
    expect(wrong.map((res) => res.status)).toEqual([400, 400, 400, 400]);
    // The fourth answer announces that the next wrong code is the last one allowed.
    expect(wrong.slice(0, 3).map((res) => res.body.error.message)).toEqual(Array(3).fill('Invalid authentication code'));
    expect(wrong[3]!.body.error.message).toBe('Invalid authentication code. One more wrong code and you will have to enter your password again');
    expect(wrong[3]!.body.error.fields[0].message).toBe(wrong[3]!.body.error.message);
    const fifth = await secondStep(client, 'totp', '000000');
    expect(fifth.status).toBe(401);
    t.clock.advance(90_000);
    expect((await secondStep(client, 'totp', totpCode(secret, t.clock.now))).status).toBe(401);
    expect(await t.db.pendingSignIn.count({ where: { userId: await userId() } })).toBe(pendingBefore - 1);
    const failures = (await actions()).filter((a) => a === 'user.two_factor_challenge_failure');
    expect(failures.length).toBeGreaterThanOrEqual(5);
    expect(await t.db.outboxMessage.count({ where: { recipient: 'holder@example.com', subject: 'Failed two-factor sign-in attempt' } })).toBeGreaterThan(0);
    // A success clears the account's consecutive-failure count for the next tests.
    t.clock.advance(90_000);
    expect((await secondStep(await passwordStep(), 'totp', totpCode(secret, t.clock.now))).status).toBe(200);
  });

  it('rejects a malformed second step with 400 and counts nothing', async () => {
    const client = await passwordStep();
    for (const body of [{ method: 'email', code: '123456' }, { method: 'totp', code: 'abcdef' }, { method: 'totp' }, { code: '123456' }, {}]) {
      const res = await client.post('/api/auth/two-factor', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const pending = await t.db.pendingSignIn.findFirstOrThrow({ where: { userId: await userId() }, orderBy: { createdAt: 'desc' } });
    expect(pending.failures).toBe(0);
  });
});
