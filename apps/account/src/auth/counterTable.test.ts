import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';
import { accountKey, addressKey } from '../twoFactor/twoFactorLimits.ts';
import { signUpAddressKey } from './signUpLimit.ts';
import { sudoKeys } from './sudoLimits.ts';
import type { RateLimiter } from '@recovery/http';
import { passkeyAddressKey } from '../passkeys/passkeyLimits.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';

/**
 * The README's lockout policy, row by row (rule: a failure that someone other than the owner can
 * cause must not block the owner's known browser). Each test lets the party named in the row
 * exhaust the counter, from an address of its own, then shows that the owner, in a browser they
 * signed in from before, still gets through the step the counter guards.
 * A new counter gets a row in the README and a test here.
 */
describe.each(providersUnderTest)('every failure counter, with the owner in a known browser (%s)', (provider) => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    // Production's sign-up limit is 10 an hour; 40 leaves room for this file's owners, all from one address.
    t = await createTestApp(provider, { SIGN_UPS_PER_ADDRESS_PER_HOUR: '40' });
  });
  afterAll(async () => {
    await t.close();
  });

  /** An owner who signed up (and so signed in) in `browser`, their known browser, then signed out. */
  async function ownerWithKnownBrowser(options: { twoFactor?: boolean } = {}) {
    const username = `owner${++n}`;
    const browser = new TestClient(t.app, 'Owner/1.0');
    browser.address = '198.51.100.1';
    expect((await browser.signUp(username)).status).toBe(201);
    const secret = options.twoFactor ? (await enableTwoFactorFor(t, browser)).secret : undefined;
    expect((await browser.post('/api/auth/sign-out')).status).toBeLessThan(300);
    return { username, browser, secret };
  }

  function stranger(address = '203.0.113.9'): TestClient {
    const client = new TestClient(t.app, 'Stranger/1.0');
    client.address = address;
    return client;
  }

  it('row "password, per account": a stranger\'s 10 wrong passwords lock new browsers, not the owner\'s known one', async () => {
    const owner = await ownerWithKnownBrowser();
    const attacker = stranger();
    for (let i = 0; i < 10; i++) expect((await attacker.signIn(owner.username, `guess ${i}`)).status).toBe(401);
    expect((await attacker.signIn(owner.username, password)).status).toBe(429);
    // A browser the owner never used is locked too: only a known browser has a counter of its own.
    const fresh = new TestClient(t.app, 'Owner/1.0');
    fresh.address = '198.51.100.1';
    expect((await fresh.signIn(owner.username, password)).status).toBe(429);
    const res = await owner.browser.signIn(owner.username, password);
    expect(res.status).toBe(200);
    expect(res.body.user?.username ?? res.body.username).toBe(owner.username);
  });

  it('row "password, per account, known browsers": only a holder of the owner\'s device cookie can count on it', async () => {
    const owner = await ownerWithKnownBrowser();
    const user = await t.db.user.findUniqueOrThrow({ where: { username: owner.username } });
    const attacker = stranger('203.0.113.10');
    for (let i = 0; i < 12; i++) await attacker.signIn(owner.username, `guess ${i}`);
    expect(await t.db.rateLimit.findUnique({ where: { key: `signin:user:${user.id}:known` } })).toBeNull();
    expect((await owner.browser.signIn(owner.username, password)).status).toBe(200);
  });

  it('row "password, per address": a stranger\'s 50 failures on other accounts lock their address, not the owner\'s', async () => {
    const owner = await ownerWithKnownBrowser();
    const attacker = stranger('203.0.113.11');
    for (let i = 0; i < 50; i++) await attacker.signIn(`nobody${i}`, 'wrong password');
    expect((await attacker.signIn(owner.username, password)).status).toBe(429);
    expect((await owner.browser.signIn(owner.username, password)).status).toBe(200);
  });

  it('row "2FA, per account": someone with the password locks the 2FA step for new browsers, not the owner\'s known one', async () => {
    const owner = await ownerWithKnownBrowser({ twoFactor: true });
    const thief = stranger('203.0.113.12');
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await thief.signIn(owner.username, password)).body.twoFactorRequired).toBe(true);
      for (let i = 0; i < 5; i++) await thief.post('/api/auth/two-factor', { method: 'totp', code: '000000' });
    }
    expect((await thief.signIn(owner.username, password)).body.twoFactorRequired).toBe(true);
    expect((await thief.post('/api/auth/two-factor', { method: 'totp', code: totpCode(owner.secret!, t.clock.now) })).status).toBe(429);
    expect((await owner.browser.signIn(owner.username, password)).body.twoFactorRequired).toBe(true);
    expect((await owner.browser.post('/api/auth/two-factor', { method: 'totp', code: totpCode(owner.secret!, t.clock.now) })).status).toBe(200);
    t.clock.advance(30_000);
  });

  it('row "password, per unknown login": failures on a name that does not exist touch no account', async () => {
    const owner = await ownerWithKnownBrowser();
    const attacker = stranger('203.0.113.13');
    for (let i = 0; i < 11; i++) await attacker.signIn(`${owner.username}-typo`, `guess ${i}`);
    expect((await attacker.signIn(`${owner.username}-typo`, password)).status).toBe(429);
    expect((await owner.browser.signIn(owner.username, password)).status).toBe(200);
  });

  /** The owner's known browser completes the 2FA step with the authenticator. */
  async function ownerPassesTwoFactor(owner: { username: string; browser: TestClient; secret?: string }) {
    expect((await owner.browser.signIn(owner.username, password)).body.twoFactorRequired).toBe(true);
    const res = await owner.browser.post('/api/auth/two-factor', { method: 'totp', code: totpCode(owner.secret!, t.clock.now) });
    t.clock.advance(30_000);
    return res;
  }

  /** `failures` settled failures on `key`, as the service's own limiter counts them. */
  async function fail(limiter: RateLimiter, key: string, failures: number) {
    for (let i = 0; i < failures; i++) await (await limiter.attempt(key)).failed();
  }

  it('row "2FA, per sign-in attempt": someone with the password voids only their own attempt', async () => {
    const owner = await ownerWithKnownBrowser({ twoFactor: true });
    const thief = stranger('203.0.113.14');
    expect((await thief.signIn(owner.username, password)).body.twoFactorRequired).toBe(true);
    for (let i = 0; i < 5; i++) await thief.post('/api/auth/two-factor', { method: 'totp', code: '000000' });
    expect((await thief.post('/api/auth/two-factor', { method: 'totp', code: totpCode(owner.secret!, t.clock.now) })).status).toBe(401);
    expect((await ownerPassesTwoFactor(owner)).status).toBe(200);
  });

  it('row "2FA, per account, known browsers": a thief\'s failures never reach it', async () => {
    const owner = await ownerWithKnownBrowser({ twoFactor: true });
    const user = await t.db.user.findUniqueOrThrow({ where: { username: owner.username } });
    const thief = stranger('203.0.113.15');
    expect((await thief.signIn(owner.username, password)).body.twoFactorRequired).toBe(true);
    for (let i = 0; i < 5; i++) await thief.post('/api/auth/two-factor', { method: 'totp', code: '000000' });
    expect(await t.db.rateLimit.findUnique({ where: { key: accountKey(user.id, true) } })).toBeNull();
    expect((await ownerPassesTwoFactor(owner)).status).toBe(200);
  });

  it('row "2FA, NIST SP 800-63B ceiling": 100 consecutive failures by others lock for good, yet not the owner\'s known browser, whose success lifts it', async () => {
    const owner = await ownerWithKnownBrowser({ twoFactor: true });
    const user = await t.db.user.findUniqueOrThrow({ where: { username: owner.username } });
    const { perAccount } = t.ctx.twoFactorLimits;
    for (let lock = 0; lock < 10; lock++) {
      await fail(perAccount, accountKey(user.id, false), 10);
      if (lock < 9) t.clock.advance(61 * 60_000);
    }
    t.clock.advance(7 * 24 * 3_600_000);
    await expect(perAccount.attempt(accountKey(user.id, false))).rejects.toMatchObject({ code: 'rate_limited' });
    expect((await ownerPassesTwoFactor(owner)).status).toBe(200);
    expect((await t.db.securityEvent.findMany({ where: { userId: user.id, action: 'user.two_factor_limits_cleared' } })).length).toBe(1);
  });

  it('row "2FA, per address": a stranger\'s address locks, the owner\'s does not', async () => {
    const owner = await ownerWithKnownBrowser({ twoFactor: true });
    const thiefAddress = '203.0.113.16';
    await fail(t.ctx.twoFactorLimits.perAddress, addressKey(thiefAddress), 20);
    const thief = stranger(thiefAddress);
    expect((await thief.signIn(owner.username, password)).body.twoFactorRequired).toBe(true);
    expect((await thief.post('/api/auth/two-factor', { method: 'totp', code: totpCode(owner.secret!, t.clock.now) })).status).toBe(429);
    expect((await ownerPassesTwoFactor(owner)).status).toBe(200);
  });

  /**
   * A stolen session's stand-in: a session of the owner's account in a browser that is not one
   * of the owner's (signing in made it known, so that is undone: a stolen session cookie comes
   * without the owner's device cookie).
   */
  async function otherSession(username: string, address: string): Promise<TestClient> {
    const thief = stranger(address);
    const res = await thief.signIn(username, password);
    expect(res.status).toBe(200);
    await t.db.knownDevice.deleteMany({ where: { userId: res.body.user.id, userAgent: 'Stranger/1.0' } });
    return thief;
  }

  it('row "Confirm access, per session": a session that fails 5 times ends, the owner\'s does not', async () => {
    const owner = await ownerWithKnownBrowser();
    const thief = await otherSession(owner.username, '203.0.113.17');
    for (let i = 0; i < 5; i++) await thief.post('/api/sudo', { password: `guess ${i}` });
    expect((await thief.get('/api/session')).body.user).toBeNull();
    expect((await owner.browser.signIn(owner.username, password)).status).toBe(200);
    expect((await owner.browser.post('/api/sudo', { password })).status).toBe(200);
  });

  it('row "Confirm access, per account": two other sessions\' 10 failures lock it elsewhere, not in the owner\'s known browser', async () => {
    const owner = await ownerWithKnownBrowser();
    for (const address of ['203.0.113.18', '203.0.113.19']) {
      const thief = await otherSession(owner.username, address);
      for (let i = 0; i < 5; i++) await thief.post('/api/sudo', { password: `guess ${i}` });
    }
    const third = await otherSession(owner.username, '203.0.113.20');
    expect((await third.post('/api/sudo', { password })).status).toBe(429);
    expect((await owner.browser.signIn(owner.username, password)).status).toBe(200);
    expect((await owner.browser.post('/api/sudo', { password })).status).toBe(200);
  });

  it('row "Confirm access, per address": a stranger\'s address locks, the owner\'s does not', async () => {
    const owner = await ownerWithKnownBrowser();
    await fail(t.ctx.sudoLimits.perAddress, sudoKeys.address('203.0.113.21'), 20);
    const thief = await otherSession(owner.username, '203.0.113.21');
    expect((await thief.post('/api/sudo', { password })).status).toBe(429);
    expect((await owner.browser.signIn(owner.username, password)).status).toBe(200);
    expect((await owner.browser.post('/api/sudo', { password })).status).toBe(200);
  });

  /** The code in the newest text to `to`. */
  async function lastSms(to: string): Promise<string> {
    const message = await t.db.outboxMessage.findFirstOrThrow({ where: { channel: 'sms', recipient: to }, orderBy: { id: 'desc' } });
    return /(\d{6}) is your/.exec(message.body)![1]!;
  }

  it('rows "SMS, resend per account" and "SMS, per day per account": someone with the password uses up the texts of new browsers, not the owner\'s known one', async () => {
    const username = `owner${++n}`;
    const browser = new TestClient(t.app, 'Owner/1.0');
    browser.address = '198.51.100.1';
    await browser.signUp(username);
    const { secret } = await enableTwoFactorFor(t, browser);
    const phone = `+3161234${String(1000 + n).slice(-4)}`;
    expect((await browser.post('/api/fallback-sms', { country: 'NL', phoneNumber: phone })).status).toBe(200);
    expect((await browser.post('/api/fallback-sms/confirm', { code: await lastSms(phone) })).status).toBe(200);
    await browser.post('/api/auth/sign-out');
    const thief = stranger('203.0.113.22');
    let refused = 0;
    for (let i = 0; i < 12 && refused === 0; i++) {
      t.clock.advance(61_000);
      expect((await thief.signIn(username, password)).body.twoFactorRequired).toBe(true);
      const sent = await thief.post('/api/auth/two-factor/sms');
      if (sent.status === 429) refused++;
      else expect(sent.status).toBe(200);
      // The resend limit, too: a second text within the minute is refused to the thief.
      if (sent.status === 200) expect((await thief.post('/api/auth/two-factor/sms')).status).toBe(429);
    }
    expect(refused).toBe(1);
    expect((await browser.signIn(username, password)).body.twoFactorRequired).toBe(true);
    expect((await browser.post('/api/auth/two-factor/sms')).status).toBe(200);
    expect((await browser.post('/api/auth/two-factor', { method: 'sms', code: await lastSms(phone) })).status).toBe(200);
    expect(secret).toBeTruthy();
  });

  it('row "sign-up, per address": a stranger\'s sign-ups lock their address only; signing in is not counted', async () => {
    const owner = await ownerWithKnownBrowser();
    const address = '203.0.113.23';
    await fail(t.ctx.signUpLimit, signUpAddressKey(address), t.config.signUpsPerAddressPerHour);
    expect((await stranger(address).signUp(`squatter${n}`)).status).toBe(429);
    expect((await owner.browser.signIn(owner.username, password)).status).toBe(200);
  });

  it('row "taken-email notices, per recipient": a stranger uses up the day\'s notices; the owner still signs in', async () => {
    const owner = await ownerWithKnownBrowser();
    for (let i = 0; i < 4; i++) expect((await stranger(`203.0.113.${30 + i}`).signUp(`copy${n}x${i}`, password, `${owner.username}@example.com`)).status).toBe(409);
    expect(await t.db.outboxMessage.count({ where: { recipient: `${owner.username}@example.com`, subject: 'Someone tried to create an account with your email' } })).toBe(3);
    expect((await owner.browser.signIn(owner.username, password)).status).toBe(200);
  });

  it('row "password reset requests, per address": a stranger\'s requests lock their address, not the owner\'s sign-in or reset', async () => {
    const owner = await ownerWithKnownBrowser();
    const attacker = stranger('203.0.113.24');
    let last = 0;
    for (let i = 0; i < 51; i++) last = (await attacker.post('/api/auth/password-reset', { login: owner.username })).status;
    expect(last).toBe(429);
    expect((await owner.browser.signIn(owner.username, password)).status).toBe(200);
    expect((await owner.browser.post('/api/auth/password-reset', { login: owner.username })).status).toBeLessThan(300);
  });

  /** The owner adds a passkey in their known browser (2FA on, sudo fresh from signing up). */
  async function ownerWithPasskey() {
    const owner = await ownerWithKnownBrowser({ twoFactor: true });
    expect((await ownerPassesTwoFactor(owner)).status).toBe(200);
    expect((await owner.browser.post('/api/sudo', { password })).status).toBe(200);
    const passkey = new SoftAuthenticator('http://localhost:3000', 'localhost', { residentKey: true, userVerification: true });
    const options = await owner.browser.post('/api/passkeys/registration-options');
    expect(options.status, JSON.stringify(options.body)).toBe(200);
    expect((await owner.browser.post('/api/passkeys', { nickname: 'Phone', response: passkey.register(options.body.options) })).status).toBe(201);
    expect((await owner.browser.post('/api/auth/sign-out')).status).toBeLessThan(300);
    return { ...owner, passkey };
  }

  async function passkeySignIn(client: TestClient, passkey: SoftAuthenticator) {
    const options = await client.post('/api/auth/passkey-options');
    if (options.status !== 200) return options;
    return client.post('/api/auth/passkey', { response: passkey.authenticate(options.body.options) });
  }

  it('row "passkey sign-in, per address": a stranger\'s failed assertions lock their address, never the owner\'s passkey', async () => {
    const owner = await ownerWithPasskey();
    const attackerAddress = '203.0.113.25';
    await fail(t.ctx.twoFactorLimits.perAddress, passkeyAddressKey(attackerAddress), 20);
    // Even a valid assertion is refused from the locked address: the lock is the address's.
    expect((await passkeySignIn(stranger(attackerAddress), owner.passkey)).status).toBe(429);
    const res = await passkeySignIn(owner.browser, owner.passkey);
    expect(res.status).toBe(200);
    expect((await owner.browser.get('/api/session')).body.user.username).toBe(owner.username);
  });

  it('row "Start account recovery one-time password": someone with the password uses up their own attempt only', async () => {
    const owner = await ownerWithKnownBrowser({ twoFactor: true });
    const thief = stranger('203.0.113.27');
    expect((await thief.signIn(owner.username, password)).body.twoFactorRequired).toBe(true);
    for (let i = 0; i < 3; i++) expect((await thief.post('/api/auth/account-recovery/start')).status).toBe(200);
    expect((await thief.post('/api/auth/account-recovery/start')).status).toBe(429);
    for (let i = 0; i < 5; i++) await thief.post('/api/auth/account-recovery/verify-email', { code: '000000' });
    // The owner's own attempt, in their known browser, has its own emails and guesses.
    expect((await owner.browser.signIn(owner.username, password)).body.twoFactorRequired).toBe(true);
    expect((await owner.browser.post('/api/auth/account-recovery/start')).status).toBe(200);
    const res = await owner.browser.post('/api/auth/two-factor', { method: 'totp', code: totpCode(owner.secret!, t.clock.now) });
    expect(res.status).toBe(200);
  });

  it('row "2FA check-up, per period": a failed answer from another session does not touch the owner\'s sign-in', async () => {
    const owner = await ownerWithKnownBrowser({ twoFactor: true });
    // A stolen session's stand-in: a full sign-in elsewhere, that browser then forgotten.
    const thief = stranger('203.0.113.28');
    expect((await thief.signIn(owner.username, password)).body.twoFactorRequired).toBe(true);
    expect((await thief.post('/api/auth/two-factor', { method: 'totp', code: totpCode(owner.secret!, t.clock.now) })).status).toBe(200);
    t.clock.advance(30_000);
    await t.db.knownDevice.deleteMany({ where: { user: { username: owner.username }, userAgent: 'Stranger/1.0' } });
    // The check-up is answered once per period; whoever holds a session can spend that answer.
    const answered = await thief.post('/api/two-factor/checkup/verify', { code: '000000' });
    expect([200, 409]).toContain(answered.status);
    expect((await ownerPassesTwoFactor(owner)).status).toBe(200);
  });
});
