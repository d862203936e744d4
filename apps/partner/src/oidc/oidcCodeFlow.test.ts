import { calculateJwkThumbprint } from 'jose';
import request from 'supertest';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKey } from '@recovery/http';
import { FAKE_ACCOUNT_SERVICE_NAME, startFakeAccountService } from '../testing/fakeAccountService.ts';
import type { FakeAccountService } from '../testing/fakeAccountService.ts';
import { authorize, discoverPartner, follow, interactionAction, isSignInPage, runCodeFlow, signedUpBrowser, startAuthorization } from '../testing/oidcFlow.ts';
import type { RelyingParty } from '../testing/oidcFlow.ts';
import { insertSavedToken, userIdOf } from '../testing/savedTokens.ts';
import { createServedTestApp } from '../testing/servedTestApp.ts';
import type { ServedTestApp } from '../testing/servedTestApp.ts';
import { providersUnderTest } from '../testing/testApp.ts';
import { TestClient, textOf } from '../testing/testClient.ts';
import { pairwiseSubject } from './pairwiseIdentifier.ts';

const SAVE = 'openid recovery_token.save';
const RECOVER = 'openid recovery_token.recover';

describe.each(providersUnderTest)('OpenID Connect provider on %s', (provider) => {
  let t: ServedTestApp;
  let ap: FakeAccountService;
  let rp: RelyingParty;
  beforeAll(async () => {
    ap = await startFakeAccountService();
    t = await createServedTestApp(provider, { ACCOUNT_URL: ap.origin });
    rp = await discoverPartner(t);
  });
  afterAll(async () => {
    await t?.close();
    await ap?.close();
  });

  /** What the pairwise subject for a partner user must be, computed independently. */
  const expectedSub = (userId: string) =>
    pairwiseSubject(deriveKey(t.config.secretKey, 'partner-oidc-pairwise'), new URL(t.config.accountClient.redirectUris[0]!).host, userId);

  it('publishes discovery at the issuer and a JWKS of public ES256 keys', async () => {
    const metadata = rp.config.serverMetadata();
    expect(metadata.issuer).toBe(t.origin);
    expect(metadata.authorization_endpoint).toBe(`${t.origin}/oidc/auth`);
    expect(metadata.token_endpoint).toBe(`${t.origin}/oidc/token`);
    expect(metadata.jwks_uri).toBe(`${t.origin}/oidc/jwks`);
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', 'recovery_token.save', 'recovery_token.recover']));
    expect(metadata.subject_types_supported).toEqual(['pairwise']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.id_token_signing_alg_values_supported).toContain('ES256');
    const jwks = await request(t.origin).get('/oidc/jwks');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys).toHaveLength(1);
    const { kty, crv, x, y } = t.config.oidcJwks.keys[0] as { kty: string; crv: string; x: string; y: string };
    // Without a configured kid, the key is known by its RFC 7638 thumbprint.
    const kid = await calculateJwkThumbprint({ kty, crv, x, y }, 'sha256');
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid });
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
  });

  it('builds every endpoint URL on the issuer, whatever Host or X-Forwarded-* a client sends', async () => {
    const res = await request(t.origin)
      .get('/.well-known/openid-configuration')
      .set('Host', 'evil.example')
      .set('X-Forwarded-Host', 'evil.example')
      .set('X-Forwarded-Proto', 'https');
    expect(res.status).toBe(200);
    expect(res.body.issuer).toBe(t.origin);
    for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint', 'revocation_endpoint']) {
      expect(res.body[key]).toMatch(new RegExp(`^${t.origin}/oidc/`));
    }
    expect(JSON.stringify(res.body)).not.toContain('evil.example');
  });

  it('completes the code flow with PKCE S256 for recovery_token.save, with a pairwise subject', async () => {
    const browser = await signedUpBrowser(t, 'saver');
    const userId = await userIdOf(t.db, 'saver');
    const result = await runCodeFlow(t, rp, browser, { scope: SAVE, login: 'saver' });
    expect(result.askedToSignIn).toBe(false);
    expect(result.tokens.scope).toBe(SAVE);
    expect(result.tokens.token_type.toLowerCase()).toBe('bearer');
    expect(result.tokens.refresh_token).toBeUndefined();
    expect(result.sub).toBe(expectedSub(userId));
    expect(result.sub).not.toContain(userId);
    const claims = result.tokens.claims()!;
    expect(claims.iss).toBe(t.origin);
    expect(claims.aud).toBe(t.config.accountClient.clientId);
    // auth_time is when the user entered their password at the partner (here: signing up).
    const session = await t.db.partnerSession.findFirstOrThrow({ where: { userId } });
    expect(claims.auth_time).toBe(Math.floor(session.authTime!.getTime() / 1000));
    // The access token lives in the partner's database, with the sign-in time beside it.
    const stored = await t.db.oidcPayload.findUniqueOrThrow({ where: { id: `AccessToken:${result.accessToken}` } });
    expect(JSON.parse(stored.payload)).toMatchObject({ accountId: userId, scope: SAVE, extra: { auth_time: claims.auth_time } });
    // The same user gets the same subject again; another user another one.
    expect((await runCodeFlow(t, rp, browser, { scope: SAVE, login: 'saver' })).sub).toBe(result.sub);
    const other = await runCodeFlow(t, rp, await signedUpBrowser(t, 'other-saver'), { scope: SAVE, login: 'other-saver' });
    expect(other.sub).not.toBe(result.sub);
  });

  it('completes the code flow for recovery_token.recover with prompt=login and max_age=0, binding the picked token', async () => {
    const browser = await signedUpBrowser(t, 'recoverer');
    const userId = await userIdOf(t.db, 'recoverer');
    const older = await insertSavedToken(t.db, userId, ap, t.origin, new Date(Date.now() - 60_000));
    const newer = await insertSavedToken(t.db, userId, ap, t.origin);
    const result = await runCodeFlow(t, rp, browser, { scope: RECOVER, login: 'recoverer', prompt: 'login', maxAge: 0, tokenId: older });
    expect(result.askedToSignIn).toBe(true);
    expect(result.tokens.scope).toBe(RECOVER);
    const stored = await t.db.oidcPayload.findUniqueOrThrow({ where: { id: `AccessToken:${result.accessToken}` } });
    // Picked in the browser the user signed up in, so its countersigning counts apart (countersignKey).
    expect(JSON.parse(stored.payload).extra).toEqual({ auth_time: result.tokens.claims()!.auth_time, recovery_token_id: older, known_browser: true });
    expect(newer).not.toBe(older);
  });

  it('offers, in the token picker, only the signed-in user’s tokens from this client’s issuers', async () => {
    const browser = await signedUpBrowser(t, 'picker');
    const mine = await insertSavedToken(t.db, await userIdOf(t.db, 'picker'), ap, t.origin);
    const foreignAp = await startFakeAccountService();
    const notForThisClient = await insertSavedToken(t.db, await userIdOf(t.db, 'picker'), foreignAp, t.origin);
    await foreignAp.close();
    const someoneElses = await insertSavedToken(t.db, await userIdOf(t.db, 'saver'), ap, t.origin);
    t.clock.now = new Date();
    const start = await startAuthorization(rp, { scope: RECOVER });
    const { page } = await follow(browser, t.origin, start.url.href);
    expect(page!.status).toBe(200);
    expect(page!.text).toContain(`value="${mine}"`);
    expect(page!.text).not.toContain(notForThisClient);
    expect(page!.text).not.toContain(someoneElses);
    expect(textOf(page!.text)).toContain(`Token for ${ap.origin}, saved`);
    expect(page!.text).toMatch(/<button type="submit"[^>]*>Use this token<\/button>/);
  });

  it('keeps the save through "Sign out" on the "Save as" page: signed in as someone else, the same save is offered to them', async () => {
    const browser = await signedUpBrowser(t, 'first-saver');
    await signedUpBrowser(t, 'second-saver');
    t.clock.now = new Date();
    const start = await startAuthorization(rp, { scope: SAVE });
    const { page } = await follow(browser, t.origin, start.url.href);
    const interaction = interactionAction(page!, 'save').replace(/\/save$/, '');
    expect(textOf(page!.text)).toContain('Save as first-saver');
    expect(page!.text).toContain(`<input type="hidden" name="return_to" value="${interaction}">`);

    const out = await browser.post('/sign-out', { return_to: interaction });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe(`/sign-in?${new URLSearchParams({ return_to: interaction }).toString()}`);
    const signIn = await browser.get(out.headers.location!);
    expect(isSignInPage(signIn)).toBe(true);
    const back = await browser.post('/sign-in', { login: 'second-saver', password: 'a long enough password', return_to: interaction });
    expect(back.headers.location).toBe(interaction);
    const again = await follow(browser, t.origin, back);
    expect(textOf(again.page!.text)).toContain('Save as second-saver');

    // Only a path on this site: anything else signs out to the home page.
    await browser.get('/');
    expect((await browser.post('/sign-out', { return_to: '//evil.example/x' })).headers.location).toBe('/');
  });

  it('refuses an authorization request without PKCE, or with the plain method, at the client’s redirect URI', async () => {
    const attempts: Record<string, string>[] = [{}, { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }];
    for (const extra of attempts) {
      const url = new URL(`${t.origin}/oidc/auth`);
      url.search = new URLSearchParams({ client_id: t.config.accountClient.clientId, response_type: 'code', scope: SAVE, redirect_uri: rp.redirectUri, state: 's', ...extra }).toString();
      const res = await request(t.origin).get(url.pathname + url.search);
      expect(res.status).toBe(303);
      const location = new URL(res.headers.location!);
      expect(`${location.origin}${location.pathname}`).toBe(rp.redirectUri);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('code')).toBeNull();
    }
  });

  it('refuses a code exchanged with the wrong PKCE verifier, and a code used twice', async () => {
    const browser = await signedUpBrowser(t, 'pkce-user');
    const first = await authorize(t, rp, browser, { scope: SAVE, login: 'pkce-user' });
    await expect(client.authorizationCodeGrant(rp.config, first.callback, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: first.start.state, expectedNonce: first.start.nonce })).rejects.toMatchObject({ error: 'invalid_grant' });
    const second = await authorize(t, rp, browser, { scope: SAVE, login: 'pkce-user' });
    const checks = { pkceCodeVerifier: second.start.verifier, expectedState: second.start.state, expectedNonce: second.start.nonce };
    const tokens = await client.authorizationCodeGrant(rp.config, second.callback, checks);
    await expect(client.authorizationCodeGrant(rp.config, second.callback, checks)).rejects.toMatchObject({ error: 'invalid_grant' });
    // Replaying the code revokes what it was exchanged for.
    expect(await t.db.oidcPayload.findUnique({ where: { id: `AccessToken:${tokens.access_token}` } })).toBeNull();
  });

  it('refuses an unregistered redirect URI with a page, never redirecting to it', async () => {
    for (const redirectUri of ['https://evil.example/callback', `${rp.redirectUri}/extra`, `${rp.redirectUri}?x=1`]) {
      const start = await startAuthorization({ ...rp, redirectUri }, { scope: SAVE });
      const res = await request(t.origin).get(start.url.pathname + start.url.search).set('Accept', 'text/html');
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).toContain('<h1>Request not accepted</h1>');
      expect(res.text).not.toContain('fonts.googleapis');
    }
  });

  it('shows the sign-in form for prompt=login even with a live session, and only continues after the password', async () => {
    const browser = await signedUpBrowser(t, 'relogin');
    const live = await runCodeFlow(t, rp, browser, { scope: SAVE, login: 'relogin' });
    expect(live.askedToSignIn).toBe(false);
    // prompt=consent as well: the confirmation just given would otherwise be remembered (rememberedConsent).
    const start = await startAuthorization(rp, { scope: SAVE, prompt: 'login consent' });
    const first = await follow(browser, t.origin, start.url.href);
    expect(isSignInPage(first.page)).toBe(true);
    expect(textOf(first.page!.text)).toContain('This browser is already signed in to the account relogin');
    // Coming back without signing in still finds the sign-in form, not the confirmation.
    const uid = /return_to" value="\/interaction\/([^"]+)"/.exec(first.page!.text)![1]!;
    const again = await follow(browser, t.origin, `/interaction/${uid}`);
    expect(isSignInPage(again.page)).toBe(true);
    // A forged confirmation is sent to sign in as well, and nothing is granted.
    const grantsBefore = await t.db.oidcPayload.count({ where: { type: 'Grant' } });
    const forged = await browser.post(`/interaction/${uid}/save`);
    expect(forged.status).toBe(303);
    expect(forged.headers.location).toBe(`/sign-in?return_to=%2Finteraction%2F${uid}`);
    expect(await t.db.oidcPayload.count({ where: { type: 'Grant' } })).toBe(grantsBefore);
    // A wrong password keeps the user there.
    expect((await browser.post('/sign-in', { login: 'relogin', password: 'not the password', return_to: `/interaction/${uid}` })).status).toBe(401);
    const signedIn = await browser.post('/sign-in', { login: 'relogin', password: 'a long enough password', return_to: `/interaction/${uid}` });
    const confirm = await follow(browser, t.origin, signedIn);
    expect(confirm.page!.status).toBe(200);
    expect(confirm.page!.text).toMatch(/<button type="submit">Save as relogin<\/button>/);
  });

  it('asks for the password again when the sign-in is older than max_age', async () => {
    const browser = await signedUpBrowser(t, 'aging');
    t.clock.advance(2 * 60_000);
    const start = await startAuthorization(rp, { scope: SAVE, maxAge: 60 });
    expect(isSignInPage((await follow(browser, t.origin, start.url.href)).page)).toBe(true);
    const fresh = await startAuthorization(rp, { scope: SAVE, maxAge: 600 });
    expect(isSignInPage((await follow(browser, t.origin, fresh.url.href)).page)).toBe(false);
  });

  it('asks a visitor to sign in (or sign up) and comes back to the request', async () => {
    await signedUpBrowser(t, 'visitor');
    const browser = new TestClient(t.origin);
    const result = await runCodeFlow(t, rp, browser, { scope: SAVE, login: 'visitor' });
    expect(result.askedToSignIn).toBe(true);
    expect(result.sub).toBe(expectedSub(await userIdOf(t.db, 'visitor')));
  });

  it('shows what is being saved, for which site and when, and sends Cancel back as access_denied', async () => {
    const browser = await signedUpBrowser(t, 'canceller');
    const start = await startAuthorization(rp, { scope: SAVE });
    const { page } = await follow(browser, t.origin, start.url.href);
    const text = textOf(page!.text);
    // The site by the name its configuration publishes, its origin beside it; the button by the user's name here.
    expect(text).toContain(`Save a recovery token for ${FAKE_ACCOUNT_SERVICE_NAME}`);
    expect(text).toContain(`${FAKE_ACCOUNT_SERVICE_NAME} (${ap.origin}) wants to keep`);
    expect(text).toContain(`For which site ${FAKE_ACCOUNT_SERVICE_NAME} ${ap.origin}`);
    expect(text).toContain('Saved in Your Partner account, canceller');
    expect(page!.text).toContain('<button type="submit">Save as canceller</button>');
    expect(text).toContain(`When ${t.clock.now.toISOString().slice(0, 10)}`);
    expect(text).toContain('Partner cannot read them');
    const grantsBefore = await t.db.oidcPayload.count({ where: { type: 'Grant' } });
    const cancelled = await follow(browser, t.origin, await browser.post(interactionAction(page!, 'cancel')));
    expect(cancelled.leftTo!.searchParams.get('error')).toBe('access_denied');
    expect(cancelled.leftTo!.searchParams.get('state')).toBe(start.state);
    expect(await t.db.oidcPayload.count({ where: { type: 'Grant' } })).toBe(grantsBefore);
  });

  it.each([
    ['both purposes', 'openid recovery_token.save recovery_token.recover'],
    ['no purpose', 'openid'],
  ])('answers a request for %s with invalid_scope', async (_name, scope) => {
    const browser = await signedUpBrowser(t, `scoper-${scope.length}`);
    const start = await startAuthorization(rp, { scope });
    const { leftTo } = await follow(browser, t.origin, start.url.href);
    expect(leftTo!.searchParams.get('error')).toBe('invalid_scope');
  });

  it('lets only the browser that started a request continue it, and checks CSRF', async () => {
    const browser = await signedUpBrowser(t, 'starter');
    const start = await startAuthorization(rp, { scope: SAVE });
    const { page } = await follow(browser, t.origin, start.url.href);
    const action = interactionAction(page!, 'save');
    const intruder = await signedUpBrowser(t, 'intruder');
    const stolen = await intruder.get(action.replace(/\/save$/, ''));
    expect(stolen.status).toBe(400);
    expect(stolen.text).toContain('start again');
    expect((await intruder.post(action)).status).toBe(400);
    const noCsrf = await browser.post(action, { _csrf: '' });
    expect(noCsrf.status).toBe(403);
    const grants = await t.db.oidcPayload.count({ where: { type: 'Grant', payload: { contains: await userIdOf(t.db, 'intruder') } } });
    expect(grants).toBe(0);
  });

  it('follows the partner session when another user signs in on the same browser', async () => {
    const browser = await signedUpBrowser(t, 'first-user');
    const first = await runCodeFlow(t, rp, browser, { scope: SAVE, login: 'first-user' });
    await browser.signOut();
    await browser.signUp('second-user');
    const second = await runCodeFlow(t, rp, browser, { scope: SAVE, login: 'second-user' });
    expect(second.sub).toBe(expectedSub(await userIdOf(t.db, 'second-user')));
    expect(second.sub).not.toBe(first.sub);
  });

  it('keeps its state in the database: a new instance continues a flow and accepts its tokens', async () => {
    const browser = await signedUpBrowser(t, 'restarter');
    const jwksBefore = (await request(t.origin).get('/oidc/jwks')).body;
    const configBefore = (await request(t.origin).get('/.well-known/delegated-account-recovery/configuration')).body;
    t.clock.now = new Date();
    const start = await startAuthorization(rp, { scope: SAVE });
    const { page } = await follow(browser, t.origin, start.url.href);
    t.restart();
    const done = await follow(browser, t.origin, await browser.post(interactionAction(page!, 'save')));
    t.restart();
    const tokens = await client.authorizationCodeGrant(rp.config, done.leftTo!, { pkceCodeVerifier: start.verifier, expectedState: start.state, expectedNonce: start.nonce });
    t.restart();
    expect((await request(t.origin).get('/oidc/jwks')).body).toEqual(jwksBefore);
    expect((await request(t.origin).get('/.well-known/delegated-account-recovery/configuration')).body).toEqual(configBefore);
    const saved = await request(t.origin)
      .post('/api/recovery-tokens')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .send({ token: ap.recoveryToken(t.origin) });
    expect(saved.status).toBe(201);
    expect(textOf((await browser.get('/')).text)).toContain('Signed in as restarter');
  });
});
