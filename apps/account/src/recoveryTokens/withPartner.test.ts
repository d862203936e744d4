import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encryptSecret, sha256Hex } from '@recovery/http';
import { countStatements, createAccountDb, createScratchDatabase, migrateDatabase } from '@recovery/db';
import type { AccountDb, ScratchDatabase } from '@recovery/db';
// The real partner, served on loopback: these tests cross the two services over HTTP only.
import { createServedTestApp } from '@recovery/partner/testing/servedTestApp';
import type { ServedTestApp } from '@recovery/partner/testing/servedTestApp';
import { follow, interactionAction, isSignInPage, offeredTokenIds, signedUpBrowser } from '@recovery/partner/testing/oidcFlow';
import { TestClient as PartnerBrowser } from '@recovery/partner/testing/testClient';
import { listenOnLoopback } from '@recovery/partner/testing/listen';
import type { Listening } from '@recovery/partner/testing/listen';
import { loadConfig } from '../config.ts';
import { createApp } from '../createApp.ts';
import type { AccountApp } from '../createApp.ts';
import { providersUnderTest } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { commitsBesidesMail } from '../testing/commitsBesidesMail.ts';
import { outcomeCount } from '../testing/outcomeCount.ts';
import { failNextStatement } from '../testing/failNextStatement.ts';
import { enableTwoFactorFor, password } from '../testing/twoFactorHelpers.ts';

describe.each(providersUnderTest)('Recover Accounts Elsewhere against the real partner on %s', (provider) => {
  let server: Listening;
  let account: AccountApp;
  let db: AccountDb;
  let scratch: ScratchDatabase;
  let dataDir: string;
  let partner: ServedTestApp;
  let origin: string;

  beforeAll(async () => {
    server = await listenOnLoopback();
    origin = server.origin;
    partner = await createServedTestApp(provider, { ACCOUNT_URL: origin, DISPLAY_NAME: 'Partner Co' });
    scratch = await createScratchDatabase(provider, process.env.TEST_POSTGRES_URL, 'account_partner');
    await migrateDatabase('account', scratch.url);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'account-partner-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      PUBLIC_URL: origin,
      DATABASE_URL: scratch.url,
      DATA_DIR: dataDir,
      SECRET_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'silent',
      PARTNER_URL: partner.origin,
      PARTNER_NAME: 'Partner',
      PARTNER_CLIENT_SECRET: partner.config.accountClient.clientSecret,
      WEB_DIST: path.join(dataDir, 'none'),
    });
    db = createAccountDb(scratch.url, { poolSize: 5 });
    account = createApp(config, { db });
    server.setHandler(account.app);
  });
  afterAll(async () => {
    await server.close();
    await db.$disconnect();
    await scratch.drop();
    await partner.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Walks the partner's pages like a browser and returns the callback URL it sends us to. */
  async function atPartner(browser: PartnerBrowser, authorizationUrl: string, signIn?: { login: string }, pick?: string): Promise<URL> {
    partner.clock.now = new Date();
    let step = await follow(browser, partner.origin, authorizationUrl);
    if (isSignInPage(step.page)) {
      const returnTo = /name="return_to" value="([^"]*)"/.exec(step.page!.text)?.[1] ?? '';
      step = await follow(browser, partner.origin, await browser.post('/sign-in', { login: signIn?.login ?? '', password: 'a long enough password', return_to: returnTo.replace(/&amp;/g, '&') }));
    }
    // A repeat save within ten minutes skips "Save as …" (the partner remembers the confirmation).
    if (pick === undefined && step.leftTo) return step.leftTo;
    const page = step.page!;
    const submitted = pick === undefined ? await browser.post(interactionAction(page, 'save')) : await browser.post(interactionAction(page, 'recover'), { tokenId: pick || offeredTokenIds(page)[0]! });
    const done = await follow(browser, partner.origin, submitted);
    return done.leftTo!;
  }
  const callbackPath = (url: URL) => url.pathname + url.search;

  let user: TestClient;
  let partnerBrowser: PartnerBrowser;

  it('stores a token with the partner: "Connect with", "Save as", confirmed with a pairwise subject', async () => {
    user = new TestClient(origin, 'UserBrowser/1.0');
    await user.signUp('elsewhere');
    // This service runs on the real clock here (the partner checks token ages against its own).
    await enableTwoFactorFor({ clock: { now: new Date(), advance: () => undefined } }, user);
    const start = await user.post('/api/recovery-tokens/save');
    expect(start.status).toBe(200);
    const authUrl = new URL(start.body.authorizationUrl);
    expect(authUrl.origin).toBe(partner.origin);
    expect(authUrl.searchParams.get('scope')).toBe('openid recovery_token.save');
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    // Our user as an opaque handle (the partner binds a remembered "Save as …" to it): not the id itself.
    const userId = (await db.user.findUniqueOrThrow({ where: { username: 'elsewhere' } })).id;
    expect(authUrl.searchParams.get('account_user')).toMatch(/^[0-9a-f]{64}$/);
    expect(authUrl.searchParams.get('account_user')).not.toContain(userId);
    partnerBrowser = await signedUpBrowser(partner, 'elsewhere-at-partner');
    const callback = await atPartner(partnerBrowser, start.body.authorizationUrl);
    expect(callback.origin).toBe(origin);
    const back = await user.get(callbackPath(callback));
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe('/settings/security?recovery_token=saved#recovery-tokens');
    const tokens = await db.recoveryToken.findMany({ where: { user: { username: 'elsewhere' } } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ state: 'confirmed', partner: partner.origin });
    expect(tokens[0]!.partnerSubject).toMatch(/.+/);
    const saved = await partner.db.savedRecoveryToken.findMany();
    expect(saved.map((s) => s.id)).toEqual([tokens[0]!.id]);
    expect(JSON.stringify(saved)).not.toContain('elsewhere@example.com');
    const actions = (await db.securityEvent.findMany({ where: { user: { username: 'elsewhere' } } })).map((e) => e.action);
    expect(actions).toContain('account_recovery_token.confirm');
    // The partner as its configuration document names it, with its icon, beside "Connect with <origin>".
    const list = await user.get('/api/recovery-tokens');
    expect(list.body.partner).toEqual({ url: partner.origin, name: 'Partner Co', iconUrl: `${partner.origin}/icon-152.png` });
    expect(list.headers['content-security-policy']).toContain(`img-src 'self' data: ${partner.origin}`);
  });

  it('recovers: fresh login forced at the partner, countersigned token verified, request opened', async () => {
    const stranded = new TestClient(origin, 'NewPhone/1.0');
    const challenge = await stranded.signIn('elsewhere', password);
    expect(challenge.body.recoveryPartner).toEqual({ name: 'Partner', url: partner.origin });
    const start = await stranded.post('/api/auth/recover');
    const authUrl = new URL(start.body.authorizationUrl);
    expect(authUrl.searchParams.get('prompt')).toBe('login');
    expect(authUrl.searchParams.get('max_age')).toBe('0');
    const callback = await atPartner(partnerBrowser, start.body.authorizationUrl, { login: 'elsewhere-at-partner' }, '');
    const back = await stranded.get(callbackPath(callback));
    const started = new URL(back.headers.location as string, 'http://localhost');
    expect(started.pathname).toBe('/recovery/started');
    const request = await db.recoveryRequest.findFirstOrThrow({ where: { user: { username: 'elsewhere' } } });
    // The reference on the page is the recovery request's id.
    expect(started.searchParams.get('reference')).toBe(request.id);
    expect(request.status).toBe('pending');
    expect((JSON.parse(request.report) as { ok: boolean }).ok).toBe(true);
  });

  it('refuses a callback whose state is not ours, or that arrives in another browser', async () => {
    const start = await user.post('/api/recovery-tokens/save');
    const callback = await atPartner(partnerBrowser, start.body.authorizationUrl);
    const wrongState = new URL(callback);
    wrongState.searchParams.set('state', 'not-the-state');
    const refused = await user.get(callbackPath(wrongState));
    expect(refused.headers.location).toBe('/settings/security?recovery_error=csrf_failed#recovery-tokens');
    const elsewhere = new TestClient(origin, 'Attacker/1.0');
    await elsewhere.signUp('csrf-attacker');
    const injected = await elsewhere.get(callbackPath(callback));
    expect(injected.headers.location).toBe('/settings/security?recovery_error=csrf_failed#recovery-tokens');
    expect(await db.recoveryToken.count({ where: { user: { username: 'csrf-attacker' } } })).toBe(0);
    // The real browser can still finish its own flow.
    expect((await user.get(callbackPath(callback))).headers.location).toBe('/settings/security?recovery_token=saved#recovery-tokens');
  });

  it('refuses a callback naming another issuer, and leaves nothing half-saved', async () => {
    const before = await db.recoveryToken.count({ where: { state: 'confirmed' } });
    const start = await user.post('/api/recovery-tokens/save');
    const callback = await atPartner(partnerBrowser, start.body.authorizationUrl);
    callback.searchParams.set('iss', 'https://evil.example');
    const refused = await user.get(callbackPath(callback));
    expect(refused.headers.location).toBe('/settings/security?recovery_error=token_rejected#recovery-tokens');
    expect(await db.recoveryToken.count({ where: { state: 'pending' } })).toBe(0);
    expect(await db.recoveryToken.count({ where: { state: 'confirmed' } })).toBe(before);
  });

  it('sends a code back, never the partner’s or anyone’s words', async () => {
    const start = await user.post('/api/recovery-tokens/save');
    const callback = await atPartner(partnerBrowser, start.body.authorizationUrl);
    const denied = new URL(callback);
    denied.searchParams.delete('code');
    denied.searchParams.set('error', 'access_denied');
    denied.searchParams.set('error_description', 'Your account is locked, call +1 555 0100');
    expect((await user.get(callbackPath(denied))).headers.location).toBe('/settings/security?recovery_error=denied#recovery-tokens');
  });

  it('refuses a code exchanged with the wrong PKCE code verifier', async () => {
    const start = await user.post('/api/recovery-tokens/save');
    const state = new URL(start.body.authorizationUrl).searchParams.get('state')!;
    const stateHash = sha256Hex(state);
    const flow = await db.oAuthFlow.findUniqueOrThrow({ where: { stateHash } });
    const nonce = new URL(start.body.authorizationUrl).searchParams.get('nonce')!;
    await db.oAuthFlow.update({
      where: { stateHash },
      data: { secretsEnc: encryptSecret(account.ctx.keys.oauthFlow, JSON.stringify({ codeVerifier: 'x'.repeat(64), nonce }), `oauth:${stateHash}`) },
    });
    expect(flow.purpose).toBe('save');
    const callback = await atPartner(partnerBrowser, start.body.authorizationUrl);
    const refused = await user.get(callbackPath(callback));
    expect(refused.headers.location).toMatch(/recovery_error=/);
    expect(await db.recoveryToken.count({ where: { state: 'pending' } })).toBe(0);
    expect(await partner.db.savedRecoveryToken.count()).toBe(2);
  });

  it('logs and counts a recovery whose code exchange fails (a wrong PKCE code verifier)', async () => {
    const stranded = new TestClient(origin, 'NewPhone/3.0');
    await stranded.signIn('elsewhere', password);
    const start = await stranded.post('/api/auth/recover');
    const state = new URL(start.body.authorizationUrl).searchParams.get('state')!;
    const stateHash = sha256Hex(state);
    const nonce = new URL(start.body.authorizationUrl).searchParams.get('nonce')!;
    await db.oAuthFlow.update({
      where: { stateHash },
      data: { secretsEnc: encryptSecret(account.ctx.keys.oauthFlow, JSON.stringify({ codeVerifier: 'x'.repeat(64), nonce }), `oauth:${stateHash}`) },
    });
    const failures = await outcomeCount(account, 'recovery_failure', 'recovery_token');
    const requests = await db.recoveryRequest.count();
    const callback = await atPartner(partnerBrowser, start.body.authorizationUrl, { login: 'elsewhere-at-partner' }, '');
    expect((await stranded.get(callbackPath(callback))).headers.location).toMatch(/recovery_error=/);
    const error = await db.securityEvent.findFirstOrThrow({ where: { user: { username: 'elsewhere' }, action: 'account_recovery_token.recover_error' }, orderBy: { id: 'desc' } });
    expect(JSON.parse(error.data ?? '{}')).toEqual({ reason: 'oauth_exchange' });
    expect(await outcomeCount(account, 'recovery_failure', 'recovery_token')).toBe(failures + 1);
    expect(await db.recoveryRequest.count()).toBe(requests);
  });

  it('deletes a token: it can never recover, and the log says so', async () => {
    const token = await db.recoveryToken.findFirstOrThrow({ where: { user: { username: 'elsewhere' }, state: 'confirmed' } });
    const destroyed = async () => (await db.securityEvent.count({ where: { user: { username: 'elsewhere' }, action: 'account_recovery_token.destroy' } }));
    const before = await destroyed();
    // The token's end and its log entry commit together: a failed log write leaves the token live.
    const failing = failNextStatement({ db }, /SecurityEvent/);
    expect((await user.delete(`/api/recovery-tokens/${token.id}`)).status).toBeGreaterThanOrEqual(500);
    expect(failing.failed()).toBe(1);
    expect((await db.recoveryToken.findUniqueOrThrow({ where: { id: token.id } })).state).toBe('confirmed');
    expect(await destroyed()).toBe(before);
    // One commit besides the email: the token's end, its entry and sudo's renewal.
    const counted = await countStatements(db, () => user.delete(`/api/recovery-tokens/${token.id}`));
    expect(counted.result.status).toBe(204);
    expect(commitsBesidesMail(counted)).toBe(1);
    expect(await destroyed()).toBe(before + 1);
    expect((await db.recoveryToken.findUniqueOrThrow({ where: { id: token.id } })).state).toBe('deleted');
    const actions = (await db.securityEvent.findMany({ where: { user: { username: 'elsewhere' } } })).map((e) => e.action);
    expect(actions).toContain('account_recovery_token.destroy');
  });

  it('the next save removes the partner’s copies of tokens no longer live here (deleted, or left by a half-failed save)', async () => {
    const partnerUserId = (await partner.db.partnerUser.findUniqueOrThrow({ where: { username: 'elsewhere-at-partner' } })).id;
    const held = async () => (await partner.db.savedRecoveryToken.findMany({ where: { userId: partnerUserId }, select: { id: true } })).map((t) => t.id).sort();
    const deletedHere = await db.recoveryToken.findMany({ where: { user: { username: 'elsewhere' }, state: 'deleted' }, select: { id: true } });
    expect(deletedHere.length).toBeGreaterThan(0);
    expect(await held()).toEqual(expect.arrayContaining(deletedHere.map((t) => t.id)));
    // Every earlier save is long done (no save in flight).
    await partner.db.savedRecoveryToken.updateMany({ where: { userId: partnerUserId }, data: { savedAt: new Date(Date.now() - 11 * 60_000) } });

    const start = await user.post('/api/recovery-tokens/save');
    const back = await user.get(callbackPath(await atPartner(partnerBrowser, start.body.authorizationUrl)));
    expect(back.headers.location).toBe('/settings/security?recovery_token=saved#recovery-tokens');
    const subject = (await db.recoveryToken.findFirstOrThrow({ where: { user: { username: 'elsewhere' } } })).partnerSubject;
    const liveHere = (await db.recoveryToken.findMany({ where: { partnerSubject: subject, state: 'confirmed' }, select: { id: true } })).map((t) => t.id).sort();
    expect(await held()).toEqual(liveHere);
  });
});
