import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenType, decodeToken, formatIssuedTime, generateP256KeyPair, tokenIdToHex } from '@recovery/core/token/index';
import { runCodeFlow, signedUpBrowser } from '../testing/oidcFlow.ts';
import { startRecoveryEnvironment } from '../testing/recoveryEnvironment.ts';
import type { RecoveryEnvironment } from '../testing/recoveryEnvironment.ts';
import { insertSavedToken, userIdOf } from '../testing/savedTokens.ts';
import { providersUnderTest } from '../testing/testApp.ts';

const SAVE = 'openid recovery_token.save';

describe.each(providersUnderTest)('saving a recovery token (POST /api/recovery-tokens) on %s', (provider) => {
  let env: RecoveryEnvironment;
  let saveToken: string;
  let aliceId: string;
  beforeAll(async () => {
    env = await startRecoveryEnvironment(provider);
    const browser = await signedUpBrowser(env.t, 'alice');
    aliceId = await userIdOf(env.t.db, 'alice');
    saveToken = (await runCodeFlow(env.t, env.rp, browser, { scope: SAVE, login: 'alice' })).accessToken;
  });
  afterAll(async () => {
    await env?.close();
  });

  const save = (body: unknown, accessToken: string | null = saveToken) => {
    const req = request(env.t.origin).post('/api/recovery-tokens');
    return (accessToken === null ? req : req.set('Authorization', `Bearer ${accessToken}`)).send(body as object);
  };
  /** A fresh, valid token from the account service for this partner. */
  const validToken = (overrides = {}) => env.ap.recoveryToken(env.t.origin, { issuedTime: formatIssuedTime(env.t.clock.now), ...overrides });
  const stored = () => env.t.db.savedRecoveryToken.count();

  it('verifies and stores a token against the user, answering save-success with its id', async () => {
    const token = validToken();
    const fetchesBefore = env.ap.configurationFetches;
    const res = await save({ token });
    expect(res.status).toBe(201);
    const id = tokenIdToHex(decodeToken(token).tokenId);
    expect(res.body).toEqual({ status: 'save-success', id });
    expect(res.headers['cache-control']).toBe('no-store');
    const row = await env.t.db.savedRecoveryToken.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ userId: aliceId, issuer: env.ap.origin, token, tokenSize: decodeToken(token).raw.length, lastCountersignedAt: null });
    expect(row.savedAt.getTime()).toBe(env.t.clock.now.getTime());
    // One fetch of the issuer's configuration served both the "Save as …" page (its name) and this check.
    expect(fetchesBefore).toBe(1);
    expect(env.ap.configurationFetches).toBe(1);
    // base64url is accepted too, and stored in the standard alphabet.
    let urlSafe = validToken();
    while (!/[+/]/.test(urlSafe)) urlSafe = validToken();
    const res2 = await save({ token: urlSafe.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') });
    expect(res2.status).toBe(201);
    expect((await env.t.db.savedRecoveryToken.findUniqueOrThrow({ where: { id: res2.body.id } })).token).toBe(urlSafe);
  });

  describe('refuses, storing nothing,', () => {
    let before: number;
    beforeAll(async () => {
      before = await stored();
    });
    const expectNothingStored = async () => expect(await stored()).toBe(before);

    it('a request without an access token (401 with a Bearer challenge)', async () => {
      const res = await save({ token: validToken() }, null);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="recovery-tokens"');
      await expectNothingStored();
    });

    it.each([
      ['an unknown token', 'Bearer ' + 'x'.repeat(43)],
      ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
      ['a malformed bearer value', 'Bearer abc def'],
      ['an empty bearer value', 'Bearer '],
    ])('%s (401 invalid_token)', async (_name, authorization) => {
      const res = await request(env.t.origin).post('/api/recovery-tokens').set('Authorization', authorization).send({ token: validToken() });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="recovery-tokens", error="invalid_token"');
      await expectNothingStored();
    });

    it('an expired access token (401), whose row is then gone', async () => {
      const browser = await signedUpBrowser(env.t, 'expiring');
      const { accessToken } = await runCodeFlow(env.t, env.rp, browser, { scope: SAVE, login: 'expiring' });
      await env.t.db.oidcPayload.update({ where: { id: `AccessToken:${accessToken}` }, data: { expiresAt: new Date(Date.now() - 1_000) } });
      const res = await save({ token: validToken() }, accessToken);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
      expect(await env.t.db.oidcPayload.findUnique({ where: { id: `AccessToken:${accessToken}` } })).toBeNull();
      await expectNothingStored();
    });

    it('an access token without recovery_token.save (403 insufficient_scope)', async () => {
      const browser = await signedUpBrowser(env.t, 'wrong-scope');
      await insertSavedToken(env.t.db, await userIdOf(env.t.db, 'wrong-scope'), env.ap, env.t.origin);
      before = await stored();
      const { accessToken } = await runCodeFlow(env.t, env.rp, browser, { scope: 'openid recovery_token.recover', login: 'wrong-scope', prompt: 'login' });
      const res = await save({ token: validToken() }, accessToken);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="recovery-tokens", error="insufficient_scope", scope="recovery_token.save"');
      await expectNothingStored();
    });

    it.each([
      ['not base64', { token: 'not base64 at all!' }, 'malformed_token'],
      ['truncated', { token: 'AAEC' }, 'malformed_token'],
      ['empty', { token: '' }, 'validation_failed'],
      ['missing', {}, 'validation_failed'],
      ['not a string', { token: 12 }, 'validation_failed'],
      ['with extra fields', { token: 'AAEC', other: 1 }, 'validation_failed'],
    ])('a malformed token: %s (400)', async (_name, body, code) => {
      const res = await save(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
      await expectNothingStored();
    });

    it('a body that is not JSON (415) or not valid JSON (400)', async () => {
      const form = await request(env.t.origin).post('/api/recovery-tokens').set('Authorization', `Bearer ${saveToken}`).type('form').send('token=abc');
      expect(form.status).toBe(415);
      const broken = await request(env.t.origin).post('/api/recovery-tokens').set('Authorization', `Bearer ${saveToken}`).set('Content-Type', 'application/json').send('{"token":');
      expect(broken.status).toBe(400);
      expect(broken.body.error.code).toBe('invalid_json');
      await expectNothingStored();
    });

    it('a token of another version (400 malformed_token)', async () => {
      const bytes = Buffer.from(validToken(), 'base64');
      bytes[0] = 1;
      const res = await save({ token: bytes.toString('base64') });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('malformed_token');
      expect(res.body.error.message).toContain('version');
      await expectNothingStored();
    });

    it('a countersigned token (type 1) instead of a recovery token (400 token_rejected)', async () => {
      const res = await save({ token: validToken({ type: TokenType.Countersigned }) });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'token_rejected', message: 'Only a recovery token (type 0) can be saved' });
      await expectNothingStored();
    });

    it('a token from an issuer not on the allow-list, without fetching anything (400 token_rejected)', async () => {
      const res = await save({ token: validToken({ issuer: 'https://unlisted.example' }) });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'token_rejected', message: 'Tokens from this issuer are not accepted here' });
      await expectNothingStored();
    });

    it.each([
      ['wrong-issuer', /names another issuer/],
      ['redirect', /redirect/],
      ['not-found', /not found/],
    ] as const)('a token whose issuer configuration misbehaves: %s (400 token_rejected)', async (behaviour, message) => {
      const issuer = env.misbehaving[behaviour];
      const token = issuer.recoveryToken(env.t.origin, { issuedTime: formatIssuedTime(env.t.clock.now) });
      const res = await save({ token });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('token_rejected');
      expect(res.body.error.message).toMatch(message);
      expect(issuer.configurationFetches).toBeGreaterThan(0);
      await expectNothingStored();
    });

    it('a token signed by a key the issuer does not publish (400 invalid_signature)', async () => {
      const res = await save({ token: env.ap.recoveryToken(env.t.origin, { issuedTime: formatIssuedTime(env.t.clock.now) }, generateP256KeyPair().privateKey) });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_signature');
      await expectNothingStored();
    });

    it('a token with a binding this partner never issued (400 token_rejected, draft §3.1.1 step 10)', async () => {
      const res = await save({ token: validToken({ binding: new Uint8Array([1, 2, 3]) }) });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'token_rejected', message: 'The token carries a token binding this partner never issued' });
      await expectNothingStored();
    });

    it('a token whose audience is not this partner (400 token_rejected)', async () => {
      const res = await save({ token: validToken({ audience: 'https://other-partner.example' }) });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'token_rejected', message: `The token's audience is not ${env.t.origin}` });
      await expectNothingStored();
    });

    it('a token issued more than 5 minutes ago, or more than a minute in the future (400 token_rejected)', async () => {
      const now = env.t.clock.now.getTime();
      const old = await save({ token: validToken({ issuedTime: formatIssuedTime(new Date(now - 5 * 60_000 - 1_000)) }) });
      expect(old.status).toBe(400);
      expect(old.body.error).toEqual({ code: 'token_rejected', message: 'The token was issued more than 5 minutes ago' });
      const future = await save({ token: validToken({ issuedTime: formatIssuedTime(new Date(now + 2 * 60_000)) }) });
      expect(future.status).toBe(400);
      expect(future.body.error.code).toBe('token_rejected');
      await expectNothingStored();
      const atTheLimit = await save({ token: validToken({ issuedTime: formatIssuedTime(new Date(now - 5 * 60_000 + 1_000)) }) });
      expect(atTheLimit.status).toBe(201);
      before += 1;
    });

    it('a token over token-max-size (413), whether the body parser or the rule catches it', async () => {
      const justOver = validToken({ data: new Uint8Array(env.t.config.tokenMaxSize - 100) });
      expect(decodeToken(justOver).raw.length).toBeGreaterThan(env.t.config.tokenMaxSize);
      const rule = await save({ token: justOver });
      expect(rule.status).toBe(413);
      expect(rule.body.error.code).toBe('payload_too_large');
      const huge = await save({ token: validToken({ data: new Uint8Array(60_000) }) });
      expect(huge.status).toBe(413);
      expect(huge.body.error.code).toBe('payload_too_large');
      await expectNothingStored();
    });

    it('a token saved before, by this user or anyone else (409 conflict)', async () => {
      const token = validToken();
      expect((await save({ token })).status).toBe(201);
      before += 1;
      const again = await save({ token });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('conflict');
      const browser = await signedUpBrowser(env.t, 'copycat');
      const { accessToken } = await runCodeFlow(env.t, env.rp, browser, { scope: SAVE, login: 'copycat' });
      const other = await save({ token }, accessToken);
      expect(other.status).toBe(409);
      expect(await env.t.db.savedRecoveryToken.findUniqueOrThrow({ where: { id: tokenIdToHex(decodeToken(token).tokenId) } })).toMatchObject({ userId: aliceId });
      await expectNothingStored();
    });
  });

  it('removes the issuer’s tokens it no longer counts as live (orphans of half-failed saves), and only those', async () => {
    const bobId = await userIdOf(env.t.db, 'copycat');
    const old = new Date(env.t.clock.now.getTime() - 11 * 60_000);
    const orphan = await insertSavedToken(env.t.db, aliceId, env.ap, env.t.origin, old);
    const live = await insertSavedToken(env.t.db, aliceId, env.ap, env.t.origin, old);
    const inFlight = await insertSavedToken(env.t.db, aliceId, env.ap, env.t.origin, new Date(env.t.clock.now.getTime() - 60_000));
    const bobs = await insertSavedToken(env.t.db, bobId, env.ap, env.t.origin, old);
    const otherIssuer = await insertSavedToken(env.t.db, aliceId, env.ap, env.t.origin, old);
    await env.t.db.savedRecoveryToken.update({ where: { id: otherIssuer }, data: { issuer: 'https://other-issuer.example' } });
    const exists = async (id: string) => (await env.t.db.savedRecoveryToken.count({ where: { id } })) === 1;

    // Without `keep` nothing else changes.
    expect((await save({ token: validToken() })).status).toBe(201);
    expect(await exists(orphan)).toBe(true);

    const res = await save({ token: validToken(), keep: [live] });
    expect(res.status).toBe(201);
    expect(await exists(res.body.id)).toBe(true);
    expect(await exists(orphan)).toBe(false);
    expect(await exists(live)).toBe(true);
    expect(await exists(inFlight)).toBe(true);
    expect(await exists(bobs)).toBe(true);
    expect(await exists(otherIssuer)).toBe(true);
    expect((await save({ token: validToken(), keep: ['not-an-id'] })).status).toBe(400);
  });
});
