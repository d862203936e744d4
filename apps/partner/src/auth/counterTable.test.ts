import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '@recovery/http';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';

const password = 'the owner knows this one';

/**
 * The README's lockout policy, the partner's rows (rule: a failure that someone other than the
 * owner can cause must not block the owner's known browser). Each test lets the party named in
 * the row exhaust the counter, from an address of its own, then shows that the owner, in a
 * browser they signed in from before, still gets through the step the counter guards.
 * A new partner counter gets a row in the README and a test here.
 */
describe.each(providersUnderTest)('every partner failure counter, with the owner in a known browser (%s)', (provider) => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  /** An owner who signed up in `browser` (so it is known to the partner), then signed out. */
  async function ownerWithKnownBrowser() {
    const username = `owner${++n}`;
    const browser = new TestClient(t.app, 'Owner/1.0', '198.51.100.1');
    expect((await browser.signUp(username, password)).status).toBe(303);
    expect((await browser.signOut()).status).toBe(303);
    expect(browser.cookie('partner_sid') || undefined).toBeUndefined();
    const user = await t.db.partnerUser.findUniqueOrThrow({ where: { username } });
    return { username, browser, user };
  }

  const stranger = (address = '203.0.113.9') => new TestClient(t.app, 'Stranger/1.0', address);

  it('remembers the browser an owner signs up and signs in from, as a keyed hash of a random cookie', async () => {
    const owner = await ownerWithKnownBrowser();
    const deviceId = owner.browser.cookie('partner_device_id');
    expect(deviceId?.length).toBeGreaterThanOrEqual(32);
    const rows = await t.db.partnerKnownDevice.findMany({ where: { userId: owner.user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.deviceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.deviceHash).not.toBe(sha256Hex(deviceId!));
    // A second browser becomes known once it signs in with the password.
    const laptop = new TestClient(t.app, 'Owner/2.0', '198.51.100.2');
    expect((await laptop.signIn(owner.username, password)).status).toBe(303);
    expect(await t.db.partnerKnownDevice.count({ where: { userId: owner.user.id } })).toBe(2);
    // A wrong password remembers nothing.
    expect((await stranger('203.0.113.8').signIn(owner.username, 'not the password')).status).toBe(401);
    expect(await t.db.partnerKnownDevice.count({ where: { userId: owner.user.id } })).toBe(2);
  });

  it('row "partner: password, per account": a stranger\'s 10 wrong passwords lock new browsers, not the owner\'s known one', async () => {
    const owner = await ownerWithKnownBrowser();
    const attacker = stranger();
    for (let i = 0; i < 10; i++) expect((await attacker.signIn(owner.username, `guess ${i}`)).status).toBe(401);
    expect((await attacker.signIn(owner.username, password)).status).toBe(429);
    // A browser the owner never used is locked too: only a known browser has a counter of its own.
    expect((await new TestClient(t.app, 'Owner/1.0', '198.51.100.1').signIn(owner.username, password)).status).toBe(429);
    const res = await owner.browser.signIn(owner.username, password);
    expect(res.status).toBe(303);
    expect(owner.browser.cookie('partner_sid')).toBeTruthy();
    const lock = await t.db.partnerRateLimit.findUniqueOrThrow({ where: { key: `signin:user:${owner.user.id}` } });
    expect(lock.lockedUntil!.getTime()).toBeGreaterThan(t.clock.now.getTime());
  });

  it('row "partner: password, per account, known browsers": only a holder of the owner\'s device cookie can count on it', async () => {
    const owner = await ownerWithKnownBrowser();
    const attacker = stranger('203.0.113.10');
    // A device cookie of the stranger's own (from signing up elsewhere) is not known to the owner's account.
    expect((await attacker.signUp(`stranger${n}`, 'a password of my own')).status).toBe(303);
    for (let i = 0; i < 12; i++) await attacker.signIn(owner.username, `guess ${i}`);
    expect(await t.db.partnerRateLimit.findUnique({ where: { key: `signin:user:${owner.user.id}:known` } })).toBeNull();
    expect((await owner.browser.signIn(owner.username, password)).status).toBe(303);
  });

  it('row "partner: password, per unknown login": failures for a login that does not exist touch no account', async () => {
    const owner = await ownerWithKnownBrowser();
    const attacker = stranger('203.0.113.11');
    for (let i = 0; i < 11; i++) await attacker.signIn(`${owner.username}x`, `guess ${i}`);
    expect((await attacker.signIn(`${owner.username}x`, password)).status).toBe(429);
    expect((await owner.browser.signIn(owner.username, password)).status).toBe(303);
  });

  it('row "partner: password, per address": a stranger\'s 50 failures lock their address, not the owner\'s', async () => {
    const owner = await ownerWithKnownBrowser();
    const attacker = stranger('203.0.113.12');
    for (let i = 0; i < 50; i++) await attacker.signIn(`nobody${i}`, 'wrong password');
    expect((await attacker.signIn(owner.username, password)).status).toBe(429);
    expect((await owner.browser.signIn(owner.username, password)).status).toBe(303);
  });
});
