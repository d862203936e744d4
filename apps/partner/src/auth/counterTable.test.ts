import request from 'supertest';
// A participant written from the draft text, publishing the draft's recover-account-return.
import { startDraftPeer } from '../../../../interop/draftPeer/draftPeer.ts';
import type { DraftPeer } from '../../../../interop/draftPeer/draftPeer.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, sqlDriverOf } from '@recovery/db';
import { sha256Hex } from '@recovery/http';
import { runCodeFlow, signedUpBrowser } from '../testing/oidcFlow.ts';
import { startRecoveryEnvironment } from '../testing/recoveryEnvironment.ts';
import type { RecoveryEnvironment } from '../testing/recoveryEnvironment.ts';
import { userIdOf } from '../testing/savedTokens.ts';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { COUNTERSIGNS_PER_HOUR } from '../tokens/countersignLimit.ts';

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

describe.each(providersUnderTest)('the partner\'s countersigning counter, with the owner in a known browser (%s)', (provider) => {
  let env: RecoveryEnvironment;
  // A draft-protocol account provider, whose tokens the partner countersigns at recover-account.
  let peer: DraftPeer;
  beforeAll(async () => {
    peer = await startDraftPeer();
    env = await startRecoveryEnvironment(provider, { ALLOWED_TOKEN_ISSUERS: peer.origin });
  });
  afterAll(async () => {
    await env?.close();
    await peer?.close();
  });

  const pickPath = '/delegated-recovery/recover-account/pick';

  it('row "partner: countersigning, per partner user": a stolen fresh session uses up the hour in its own browser, not in the owner\'s known ones', async () => {
    env.t.clock.now = new Date();
    const owner = await signedUpBrowser(env.t, 'dora');
    const userId = await userIdOf(env.t.db, 'dora');
    const { token, tokenId } = peer.recoveryToken(env.t.origin);
    await env.t.db.savedRecoveryToken.create({ data: { id: tokenId, userId, issuer: peer.origin, token, tokenSize: Buffer.from(token, 'base64').length, savedAt: new Date() } });
    await owner.get('/recovery-tokens');
    // The thief has the owner's session and CSRF cookies (freshly signed in), not the device cookie.
    const cookies = ['partner_sid', 'partner_csrf'].map((name) => `${name}=${encodeURIComponent(owner.cookie(name)!)}`).join('; ');
    const thiefPicks = () =>
      request(env.t.origin)
        .post(pickPath)
        .set('Cookie', cookies)
        .set('Accept', 'text/html')
        .type('form')
        .send(new URLSearchParams({ _csrf: owner.csrfToken, tokenId }).toString());
    for (let i = 0; i < COUNTERSIGNS_PER_HOUR; i++) expect((await thiefPicks()).status).toBe(200);
    expect((await thiefPicks()).status).toBe(429);
    const lock = await env.t.db.partnerRateLimit.findUniqueOrThrow({ where: { key: `countersign:user:${userId}` } });
    expect(lock.lockedUntil!.getTime()).toBeGreaterThan(env.t.clock.now.getTime());

    // The owner's known browser still countersigns, by the draft's page and by the account service's flow.
    const picked = await owner.post(pickPath, { tokenId });
    expect(picked.status).toBe(200);
    expect(picked.text).toContain('name="countersigned-token"');
    const { accessToken } = await runCodeFlow(env.t, env.rp, owner, { scope: 'openid recovery_token.recover', login: 'dora', prompt: 'login', maxAge: 0, tokenId });
    const countersigned = await request(env.t.origin).post('/api/recovery-tokens/countersign').set('Authorization', `Bearer ${accessToken}`).send();
    expect(countersigned.status).toBe(200);
    expect(countersigned.body.tokenId).toBe(tokenId);
    expect((await env.t.db.partnerRateLimit.findUniqueOrThrow({ where: { key: `countersign:user:${userId}:known` } })).count).toBe(2);

    // The other counter's lock still holds: the owner's countersigning neither used nor lifted it.
    const still = await env.t.db.partnerRateLimit.findUniqueOrThrow({ where: { key: `countersign:user:${userId}` } });
    expect(still.lockedUntil!.getTime()).toBe(lock.lockedUntil!.getTime());
    // The mark goes with its pick (the sweeper deletes expired picks by SQL).
    expect(await env.t.db.knownBrowserPick.count()).toBe(1);
    await sqlDriverOf(env.t.db).query(sql`DELETE FROM "RecoveryTokenPick"`);
    expect(await env.t.db.knownBrowserPick.count()).toBe(0);
  });
});
