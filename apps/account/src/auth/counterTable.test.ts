import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';

/**
 * The README's lockout policy, row by row (rule: a failure that someone other than the owner can
 * cause must not block the owner's known browser). Each test lets the party named in the row
 * exhaust the counter, from an address of its own, then shows that the owner, in a browser they
 * signed in from before, still gets through the step the counter guards.
 * A new counter gets a row in the README and a test here (passkeys: see the placeholder below).
 */
describe.each(providersUnderTest)('every failure counter, with the owner in a known browser (%s)', (provider) => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await createTestApp(provider);
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

  // Row "passkeys": a passkey sign-in has no password or code to guess; when it lands (another
  // branch), its failure counter, if any, gets its row in the README and its test here.
});
