import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { loseAnswerOfNextCommit } from '../testing/loseAnswer.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';
import { enableRetryWindowMs } from './committedEnableRetry.ts';
import { signInRetryWindowMs } from './committedSignInRetry.ts';

describe.each(providersUnderTest)('a 503 whose COMMIT landed, retried, on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  const userIdOf = async (username: string) => (await t.db.user.findUniqueOrThrow({ where: { username } })).id;
  const eventCount = async (username: string, action: string) => t.db.securityEvent.count({ where: { userId: await userIdOf(username), action } });

  /** Signed up, in sudo mode, with a setup started: the state just before "Verify". */
  const atEnable = async (username: string) => {
    const client = new TestClient(t.app);
    await client.signUp(username);
    await client.post('/api/sudo', { password });
    const setup = await client.post('/api/two-factor/setup');
    return { client, secret: setup.body.setupKey as string };
  };

  /** Turns 2FA on with the answer lost after the COMMIT: 2FA is on and the codes were never shown. */
  const enableAnswerLost = async (client: TestClient, code: string) => {
    const lose = loseAnswerOfNextCommit(t, /INSERT INTO\W+(\w+\W+)?RecoveryCode\W/);
    const res = await client.post('/api/two-factor/enable', { code });
    expect(lose.lost()).toBe(1);
    expect(res.status).toBe(503);
    expect(res.body.recoveryCodes).toBeUndefined();
  };

  it('answers a retried enable with the codes it committed, once committed and only then', async () => {
    const { client, secret } = await atEnable('enable-lost');
    const code = totpCode(secret, t.clock.now);
    await enableAnswerLost(client, code);
    expect((await client.get('/api/two-factor')).body.enabled).toBe(true);

    const retry = await client.post('/api/two-factor/enable', { code });
    expect(retry.status).toBe(200);
    expect(retry.body.recoveryCodes).toHaveLength(16);
    // Rule (as for "show recovery codes"): every showing of the codes is in the security log.
    expect(await eventCount('enable-lost', 'user.two_factor_recovery_codes_viewed')).toBe(1);
    const stored = await client.get('/api/two-factor/recovery-codes');
    expect(retry.body.recoveryCodes).toEqual(stored.body.codes.map((c: { code: string }) => c.code));
    // A retry repeats the answer; nothing is enabled or issued twice.
    expect(await eventCount('enable-lost', 'two_factor_authentication.enabled')).toBe(1);
    expect(await t.db.recoveryCode.count({ where: { userId: await userIdOf('enable-lost') } })).toBe(16);
    // The next time step's code is the same attempt too (a slow retry).
    t.clock.advance(30_000);
    const later = await client.post('/api/two-factor/enable', { code: totpCode(secret, t.clock.now) });
    expect(later.status).toBe(200);
    expect(later.body.recoveryCodes).toEqual(retry.body.recoveryCodes);
    // The codes sign in.
    await client.post('/api/auth/sign-out');
    const browser = new TestClient(t.app, 'Other/1.0');
    await browser.signIn('enable-lost', password);
    expect((await browser.post('/api/auth/two-factor', { method: 'recovery_code', code: retry.body.recoveryCodes[3] })).status).toBe(200);
  });

  it('answers 409 to another session, a wrong code, a later set and a retry after the window', async () => {
    const { client, secret } = await atEnable('enable-other');
    const code = totpCode(secret, t.clock.now);
    await enableAnswerLost(client, code);

    const other = new TestClient(t.app, 'Other/1.0');
    await other.signIn('enable-other', password);
    t.clock.advance(30_000);
    expect((await other.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) })).status).toBe(200);
    await other.post('/api/sudo', { password });
    const fromOther = await other.post('/api/two-factor/enable', { code });
    expect(fromOther.status).toBe(409);
    expect(fromOther.body.recoveryCodes).toBeUndefined();

    const wrongCode = await client.post('/api/two-factor/enable', { code: totpCode(secret, t.clock.now, 5) });
    expect(wrongCode.status).toBe(409);

    t.clock.advance(enableRetryWindowMs + 1);
    await client.post('/api/sudo', { password });
    const late = await client.post('/api/two-factor/enable', { code: totpCode(secret, t.clock.now) });
    expect(late.status).toBe(409);
    expect(late.body.recoveryCodes).toBeUndefined();
  });

  it('does not show a set issued since: a regeneration ends the retry', async () => {
    const { client, secret } = await atEnable('enable-regenerated');
    const code = totpCode(secret, t.clock.now);
    await enableAnswerLost(client, code);
    expect((await client.post('/api/two-factor/recovery-codes')).status).toBe(200);
    expect((await client.post('/api/two-factor/enable', { code })).status).toBe(409);
  });

  describe('the second sign-in step', () => {
    let secret: string;
    let codes: string[];
    beforeAll(async () => {
      const owner = new TestClient(t.app, 'Owner/1.0');
      await owner.signUp('signin-lost');
      ({ secret, codes } = await enableTwoFactorFor(t, owner));
      await owner.post('/api/auth/sign-out');
    });

    const atSecondStep = async (agent = 'Laptop/1.0') => {
      t.clock.advance(90_000);
      const client = new TestClient(t.app, agent);
      expect((await client.signIn('signin-lost', password)).body.twoFactorRequired).toBe(true);
      return client;
    };
    const sessions = async () => t.db.session.count({ where: { userId: await userIdOf('signin-lost') } });

    /** The second step with its answer lost after the COMMIT: the code is spent, no cookie arrived. */
    const secondStepAnswerLost = async (client: TestClient, body: object) => {
      const before = await sessions();
      const lose = loseAnswerOfNextCommit(t, /INSERT INTO\W+(\w+\W+)?Session\W/);
      const res = await client.post('/api/auth/two-factor', body);
      expect(lose.lost()).toBe(1);
      expect(res.status).toBe(503);
      expect((await client.get('/api/session')).body.user ?? null).toBeNull();
      expect(await sessions()).toBe(before + 1);
    };

    it('gives a recovery-code sign-in whose answer was lost its session again, once', async () => {
      const client = await atSecondStep();
      const body = { method: 'recovery_code', code: codes[0] };
      await secondStepAnswerLost(client, body);
      const committed = await sessions();
      const spent = await t.db.recoveryCode.count({ where: { userId: await userIdOf('signin-lost'), usedAt: { not: null } } });

      const retry = await client.post('/api/auth/two-factor', body);
      expect(retry.status).toBe(200);
      expect(retry.body.user.username).toBe('signin-lost');
      expect((await client.get('/api/session')).body.user.username).toBe('signin-lost');
      // The same sign-in under a new id: no second session, no second code spent.
      expect(await sessions()).toBe(committed);
      expect(await t.db.recoveryCode.count({ where: { userId: await userIdOf('signin-lost'), usedAt: { not: null } } })).toBe(spent);
      expect(await eventCount('signin-lost', 'user.two_factor_recover')).toBe(1);
      // The session works for what a signed-in user does.
      expect((await client.get('/api/two-factor')).status).toBe(200);

      // Only once more: the receipt is spent, and the pending cookie was cleared with the answer.
      await client.post('/api/auth/sign-out');
      const third = await new TestClient(t.app).post('/api/auth/two-factor', body);
      expect(third.status).toBe(401);
    });

    it('gives an authenticator-code sign-in whose answer was lost its session again', async () => {
      const client = await atSecondStep();
      const body = { method: 'totp', code: totpCode(secret, t.clock.now) };
      await secondStepAnswerLost(client, body);
      const retry = await client.post('/api/auth/two-factor', body);
      expect(retry.status).toBe(200);
      expect((await client.get('/api/session')).body.user.username).toBe('signin-lost');
      await client.post('/api/auth/sign-out');
    });

    it('gives nothing to another browser, another pending sign-in, another code, a retry after the window or after a sign-out', async () => {
      const client = await atSecondStep();
      const body = { method: 'recovery_code', code: codes[1] };
      await secondStepAnswerLost(client, body);
      const committed = await sessions();

      // Another browser, without this pending sign-in's cookie.
      const stranger = new TestClient(t.app, 'Stranger/1.0');
      expect((await stranger.post('/api/auth/two-factor', body)).status).toBe(401);
      // Another pending sign-in (same password, another browser) with the same, now spent, code.
      const otherPending = await atSecondStep('Tablet/1.0');
      const refused = await otherPending.post('/api/auth/two-factor', body);
      expect(refused.status).toBe(400);
      expect((await otherPending.get('/api/session')).body.user ?? null).toBeNull();
      // The right browser with another code.
      expect((await client.post('/api/auth/two-factor', { method: 'recovery_code', code: codes[2] })).status).toBe(401);
      expect(await sessions()).toBe(committed);

      // After the window, the same browser and code get nothing either.
      t.clock.advance(signInRetryWindowMs + 1);
      expect((await client.post('/api/auth/two-factor', body)).status).toBe(401);
      expect(await sessions()).toBe(committed);
    });

    it('is no guessing oracle: one retry with another code ends the receipt, and the right code gets nothing after it', async () => {
      const client = await atSecondStep();
      const body = { method: 'totp', code: totpCode(secret, t.clock.now) };
      await secondStepAnswerLost(client, body);
      const committed = await sessions();
      // Rule: a retry must bring the same code; a different one is a guess, not a retry.
      const guess = await client.post('/api/auth/two-factor', { method: 'totp', code: body.code === '000000' ? '000001' : '000000' });
      expect(guess.status).toBe(401);
      const right = await client.post('/api/auth/two-factor', body);
      expect(right.status).toBe(401);
      expect((await client.get('/api/session')).body.user ?? null).toBeNull();
      expect(await sessions()).toBe(committed);
    });

    it('does not bring back a session that was signed out since', async () => {
      const client = await atSecondStep();
      const body = { method: 'totp', code: totpCode(secret, t.clock.now) };
      await secondStepAnswerLost(client, body);
      // Everywhere else signed out (e.g. the owner ended every session): the lost session is gone.
      await t.db.session.deleteMany({ where: { userId: await userIdOf('signin-lost') } });
      expect((await client.post('/api/auth/two-factor', body)).status).toBe(401);
      expect(await sessions()).toBe(0);
    });
  });
});
