import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenType, decodeCountersignedToken, formatIssuedTime, publicKeyFromBase64Spki, publicKeyToBase64Spki, tokenIdToHex, verifyTokenSignature } from '@recovery/core/token/index';
import { follow, interactionAction, offeredTokenIds, runCodeFlow, signedUpBrowser, startAuthorization } from '../testing/oidcFlow.ts';
import { startRecoveryEnvironment } from '../testing/recoveryEnvironment.ts';
import type { RecoveryEnvironment } from '../testing/recoveryEnvironment.ts';
import { userIdOf } from '../testing/savedTokens.ts';
import type { TestClient } from '../testing/testClient.ts';
import { providersUnderTest } from '../testing/testApp.ts';
import { COUNTERSIGNS_PER_HOUR } from './countersignLimit.ts';

const SAVE = 'openid recovery_token.save';
const RECOVER = 'openid recovery_token.recover';

describe.each(providersUnderTest)('countersigning a recovery token (POST /api/recovery-tokens/countersign) on %s', (provider) => {
  let env: RecoveryEnvironment;
  let alice: TestClient;
  let bob: TestClient;
  let aliceTokens: string[];
  let bobToken: string;
  beforeAll(async () => {
    env = await startRecoveryEnvironment(provider);
    alice = await signedUpBrowser(env.t, 'alice');
    bob = await signedUpBrowser(env.t, 'bob');
    aliceTokens = [await saveThroughApi(alice, 'alice'), await saveThroughApi(alice, 'alice')];
    bobToken = await saveThroughApi(bob, 'bob');
  });
  afterAll(async () => {
    await env?.close();
  });

  /** The account service's save: a flow for recovery_token.save, then the token store API. */
  async function saveThroughApi(browser: TestClient, login: string): Promise<string> {
    const { accessToken } = await runCodeFlow(env.t, env.rp, browser, { scope: SAVE, login });
    const token = env.ap.recoveryToken(env.t.origin, { issuedTime: formatIssuedTime(new Date()) });
    const res = await request(env.t.origin).post('/api/recovery-tokens').set('Authorization', `Bearer ${accessToken}`).send({ token });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  /** The account service's recovery: prompt=login and max_age=0, the user picks `tokenId`. */
  const recoverFlow = async (browser: TestClient, login: string, tokenId: string) =>
    (await runCodeFlow(env.t, env.rp, browser, { scope: RECOVER, login, prompt: 'login', maxAge: 0, tokenId })).accessToken;

  const countersign = (accessToken: string, body?: object) => {
    const req = request(env.t.origin).post('/api/recovery-tokens/countersign').set('Authorization', `Bearer ${accessToken}`);
    return body === undefined ? req.send() : req.send(body);
  };

  it('countersigns the picked token: type 1, signed with the published countersign key, issuer = partner, audience = the token issuer, data = the token', async () => {
    const picked = aliceTokens[1]!;
    const accessToken = await recoverFlow(alice, 'alice', picked);
    const res = await countersign(accessToken);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({ status: 'recover-success', tokenId: picked, countersignedToken: expect.any(String) });

    const configuration = await request(env.t.origin).get('/.well-known/delegated-account-recovery/configuration');
    const published = (configuration.body['countersign-pubkeys-secp256r1'] as string[]).map((key) => publicKeyFromBase64Spki(key));
    const { outer, inner } = decodeCountersignedToken(res.body.countersignedToken);
    expect(outer.type).toBe(TokenType.Countersigned);
    expect(verifyTokenSignature(outer, published)).toEqual({ keyIndex: 0 });
    expect(outer.issuer).toBe(env.t.origin);
    expect(outer.audience).toBe(env.ap.origin);
    expect(outer.issuedTime).toBe(formatIssuedTime(env.t.clock.now));
    const stored = await env.t.db.savedRecoveryToken.findUniqueOrThrow({ where: { id: picked } });
    expect(Buffer.from(outer.data).toString('base64')).toBe(stored.token);
    expect(tokenIdToHex(inner.tokenId)).toBe(picked);
    expect(inner.issuer).toBe(env.ap.origin);
    expect(verifyTokenSignature(inner, [publicKeyFromBase64Spki(publicKeyToBase64Spki(env.ap.privateKey))])).toEqual({ keyIndex: 0 });
    expect(stored.lastCountersignedAt?.getTime()).toBe(env.t.clock.now.getTime());

    // Naming the picked token in the body is the same request.
    const named = await countersign(accessToken, { tokenId: picked });
    expect(named.status).toBe(200);
    expect(named.body.tokenId).toBe(picked);
  });

  it('countersigns only the token picked in the interaction, never another one of the user’s', async () => {
    const accessToken = await recoverFlow(alice, 'alice', aliceTokens[0]!);
    const other = await countersign(accessToken, { tokenId: aliceTokens[1]! });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    const foreign = await countersign(accessToken, { tokenId: bobToken });
    expect(foreign.status).toBe(403);
    const bad = await countersign(accessToken, { tokenId: 'not-hex' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });

  it('refuses when the sign-in is more than 5 minutes old (401 insufficient_user_authentication)', async () => {
    const accessToken = await recoverFlow(alice, 'alice', aliceTokens[0]!);
    const before = await env.t.db.savedRecoveryToken.findUniqueOrThrow({ where: { id: aliceTokens[0]! } });
    env.t.clock.advance(5 * 60_000 + 1_000);
    const res = await countersign(accessToken);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="recovery-tokens", error="insufficient_user_authentication", max_age="300"');
    expect(await env.t.db.savedRecoveryToken.findUniqueOrThrow({ where: { id: aliceTokens[0]! } })).toEqual(before);
  });

  it('refuses an access token for saving (403 insufficient_scope) and none at all (401)', async () => {
    const { accessToken } = await runCodeFlow(env.t, env.rp, alice, { scope: SAVE, login: 'alice' });
    const res = await countersign(accessToken);
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toContain('error="insufficient_scope", scope="recovery_token.recover"');
    const none = await request(env.t.origin).post('/api/recovery-tokens/countersign').send();
    expect(none.status).toBe(401);
  });

  it('answers 404 when the picked token was deleted meanwhile', async () => {
    const extra = await saveThroughApi(alice, 'alice');
    const accessToken = await recoverFlow(alice, 'alice', extra);
    await env.t.db.savedRecoveryToken.delete({ where: { id: extra } });
    const res = await countersign(accessToken);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('never lets a user pick, or countersign, another user’s token', async () => {
    env.t.clock.now = new Date();
    const start = await startAuthorization(env.rp, { scope: RECOVER });
    const { page } = await follow(bob, env.t.origin, start.url.href);
    expect(offeredTokenIds(page!)).toEqual([bobToken]);
    const picksBefore = await env.t.db.recoveryTokenPick.count();
    const grantsBefore = await env.t.db.oidcPayload.count({ where: { type: 'Grant' } });
    const stolen = await bob.post(interactionAction(page!, 'recover'), { tokenId: aliceTokens[0]! });
    expect(stolen.status).toBe(404);
    expect(await env.t.db.recoveryTokenPick.count()).toBe(picksBefore);
    expect(await env.t.db.oidcPayload.count({ where: { type: 'Grant' } })).toBe(grantsBefore);

    const bobAccess = await recoverFlow(bob, 'bob', bobToken);
    const res = await countersign(bobAccess, { tokenId: aliceTokens[0]! });
    expect(res.status).toBe(403);
    const own = await countersign(bobAccess);
    expect(own.status).toBe(200);
    expect(own.body.tokenId).toBe(bobToken);
    expect(await env.t.db.savedRecoveryToken.findUniqueOrThrow({ where: { id: aliceTokens[0]! } })).toMatchObject({ userId: await userIdOf(env.t.db, 'alice') });
  });

  it(`limits countersigning to ${COUNTERSIGNS_PER_HOUR} an hour per user (429 with Retry-After), other users unaffected`, async () => {
    const carol = await signedUpBrowser(env.t, 'carol');
    const carolToken = await saveThroughApi(carol, 'carol');
    const accessToken = await recoverFlow(carol, 'carol', carolToken);
    for (let i = 0; i < COUNTERSIGNS_PER_HOUR; i++) expect((await countersign(accessToken)).status).toBe(200);
    const limited = await countersign(accessToken);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3_000);
    const bobAccess = await recoverFlow(bob, 'bob', bobToken);
    expect((await countersign(bobAccess)).status).toBe(200);
  });
});
