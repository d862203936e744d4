import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '@recovery/db';
import { ApiBrowser, errorCode, errorMessage } from './apiBrowser.ts';
import type { ApiResponse } from './apiBrowser.ts';
import { AccountAndPartner } from './accountAndPartner.ts';
import { passwordStep, signUpWithTwoFactor } from './accountUsers.ts';
import { authoriseAtPartner, openAtPartner, partnerUser, pathOf } from './atPartner.ts';
import type { PartnerBrowser } from './atPartner.ts';

/** What the user is told whenever the partner cannot be reached: at the start and at the callback. */
const partnerUnreachable = 'The recovery partner cannot be reached right now; try again in a few minutes';
/** The callback's redirect carries a code for it (the page shows our own words for the code). */
const partnerUnreachableCode = 'unavailable';

/** The `recovery_error` a callback redirect carries to the UI, or null. */
function recoveryError(res: ApiResponse): string | null {
  return res.location ? new URL(res.location, 'http://ui.invalid').searchParams.get('recovery_error') : null;
}

function expectUnavailable(res: ApiResponse): void {
  expect(res.status).toBe(503);
  expect(errorCode(res)).toBe('unavailable');
  expect(errorMessage(res)).toBe(partnerUnreachable);
}

// What is under test is the services' handling of a vanished partner, not the database: one
// run, on PostgreSQL when the CI provides one (the production setup), otherwise on SQLite.
const provider: Provider = process.env.TEST_POSTGRES_URL ? 'postgresql' : 'sqlite';

/**
 * The account service and the partner as real processes, the partner behind a fault proxy. The
 * partner is stopped (SIGTERM) or killed (SIGKILL) at each point of "Connect with …" and
 * "Recover with …"; each test then checks what the user is told, what each side has stored and
 * what the security log says, and that the same user succeeds once the partner is back. The
 * tests run in order on one stack: each starts from the state the one before left.
 */
describe(`the partner stopped during "Connect with …" and during recovery (${provider})`, () => {
  let stack: AccountAndPartner;
  let user: ApiBrowser;
  let atPartner: PartnerBrowser;
  const username = 'outage';
  const partnerLogin = 'outage-at-partner';

  /** Every RecoveryToken row of the user, whatever its state. */
  const tokensOf = async (state?: string) =>
    stack.accountDb.recoveryToken.findMany({ where: { user: { username }, ...(state ? { state } : {}) }, orderBy: { createdAt: 'asc' } });
  const savedAtPartner = async () => (await stack.partnerDb.savedRecoveryToken.findMany({ select: { id: true } })).map((t) => t.id).sort();
  const confirmedIds = async () => (await tokensOf('confirmed')).map((t) => t.id).sort();
  /** The user's security-log entries for `action`, each with its parsed data. */
  const logged = async (action: string) =>
    (await stack.accountDb.securityEvent.findMany({ where: { user: { username }, action }, orderBy: { createdAt: 'asc' } })).map((e) => JSON.parse(e.data) as Record<string, unknown>);

  beforeAll(async () => {
    stack = await AccountAndPartner.create(provider);
    // The partner is not running yet: the first check starts the flow against nothing.
    await stack.startAccount();
  });
  afterAll(async () => {
    await stack?.cleanup.run();
  });

  describe('Connect with …', () => {
    it('partner down when the flow starts: 503 unavailable, a message to try again, nothing reserved', async () => {
      user = new ApiBrowser(stack.accountOrigin, { userAgent: 'OwnerBrowser/1.0' });
      await signUpWithTwoFactor(user, username);
      expectUnavailable(await user.post('/api/recovery-tokens/save'));
      expect(await tokensOf()).toEqual([]);
      expect(await stack.accountDb.oAuthFlow.count()).toBe(0);
    });

    it('partner stopped after the user authorised, before the code exchange: "try again", nothing stored on either side', async () => {
      await stack.startPartner();
      atPartner = await partnerUser(stack.partnerOrigin, partnerLogin);
      const start = await user.post('/api/recovery-tokens/save');
      expect(start.status).toBe(200);
      const callback = await authoriseAtPartner(atPartner, stack.partnerOrigin, String(start.json?.authorizationUrl), { login: partnerLogin });
      // The token id lives only in the flow until the partner answers save-success: no row yet.
      expect(await tokensOf()).toEqual([]);
      await stack.stopPartner();

      const back = await user.get(pathOf(callback));
      expect(back.status).toBe(303);
      expect(back.location).toMatch(/^\/settings\/security\?recovery_error=.+#recovery-tokens$/);
      expect(recoveryError(back)).toBe(partnerUnreachableCode);
      expect(await tokensOf()).toEqual([]);
      expect(await savedAtPartner()).toEqual([]);
      expect(await logged('account_recovery_token.confirm')).toEqual([]);
    });

    it('retried once the partner is back: saved, confirmed on both sides, logged once', async () => {
      await stack.startPartner();
      const start = await user.post('/api/recovery-tokens/save');
      expect(start.status).toBe(200);
      const callback = await authoriseAtPartner(atPartner, stack.partnerOrigin, String(start.json?.authorizationUrl), { login: partnerLogin });
      const back = await user.get(pathOf(callback));
      expect(back.location).toBe('/settings/security?recovery_token=saved#recovery-tokens');
      const confirmed = await confirmedIds();
      expect(confirmed).toHaveLength(1);
      expect(await savedAtPartner()).toEqual(confirmed);
      expect((await tokensOf()).map((t) => t.state)).toEqual(['confirmed']);
      expect(await logged('account_recovery_token.confirm')).toHaveLength(1);
    });

    it('partner stopped while the user is on its pages: "Connect with …" answers 503 on an instance that reached it before, the abandoned attempt leaves no row, and starting again works', async () => {
      // Ten minutes after the first save the partner asks "Save as …" again (it remembers a
      // confirmation that long): the user is on its page when it stops.
      await stack.partnerDb.oidcPayload.deleteMany({ where: { type: 'RememberedSaveConsent' } });
      const start = await user.post('/api/recovery-tokens/save');
      expect(start.status).toBe(200);
      const page = await openAtPartner(atPartner, stack.partnerOrigin, String(start.json?.authorizationUrl), partnerLogin);
      expect(page.page?.status).toBe(200);
      await stack.stopPartner();
      // The browser cannot reach the partner any more ("Save as …" goes nowhere).
      await expect(atPartner.get('/')).rejects.toThrow();
      // The user goes back and clicks "Connect with …" again while the partner is still down.
      // This process cached the partner's discovery a moment ago; the start checks it live.
      expectUnavailable(await user.post('/api/recovery-tokens/save'));
      // The abandoned attempt reserved nothing: still only the one confirmed token.
      expect((await tokensOf()).map((t) => t.state)).toEqual(['confirmed']);

      await stack.startPartner();
      const again = await user.post('/api/recovery-tokens/save');
      expect(again.status).toBe(200);
      const callback = await authoriseAtPartner(atPartner, stack.partnerOrigin, String(again.json?.authorizationUrl), { login: partnerLogin });
      expect((await user.get(pathOf(callback))).location).toBe('/settings/security?recovery_token=saved#recovery-tokens');
      const confirmed = await confirmedIds();
      expect(confirmed).toHaveLength(2);
      expect(await savedAtPartner()).toEqual(confirmed);
      expect((await tokensOf()).map((t) => t.state)).toEqual(['confirmed', 'confirmed']);
    });

    it('partner killed right after storing the token, before answering: "try again", no row at the account, and a retry saves', async () => {
      const start = await user.post('/api/recovery-tokens/save');
      const callback = await authoriseAtPartner(atPartner, stack.partnerOrigin, String(start.json?.authorizationUrl), { login: partnerLogin });
      const partnerProcess = stack.partner!;
      const lost = stack.proxy.loseNextAnswer('POST', '/api/recovery-tokens', () => partnerProcess.kill('SIGKILL'));
      const back = await user.get(pathOf(callback));
      await lost;
      stack.partner = undefined;
      expect(back.status).toBe(303);
      expect(recoveryError(back)).toBe(partnerUnreachableCode);
      // Nothing was recorded for the unanswered save: the two earlier tokens, both confirmed.
      expect((await tokensOf()).map((t) => t.state)).toEqual(['confirmed', 'confirmed']);
      // The partner committed the token before it died: it holds one id the account never
      // confirmed (by decision; the recovery tests below show that it is inert).
      const confirmed = await confirmedIds();
      orphanIds = (await savedAtPartner()).filter((id) => !confirmed.includes(id));
      expect(orphanIds).toHaveLength(1);

      await stack.startPartner();
      const again = await user.post('/api/recovery-tokens/save');
      const retried = await authoriseAtPartner(atPartner, stack.partnerOrigin, String(again.json?.authorizationUrl), { login: partnerLogin });
      expect((await user.get(pathOf(retried))).location).toBe('/settings/security?recovery_token=saved#recovery-tokens');
      expect(await confirmedIds()).toHaveLength(3);
      expect(await logged('account_recovery_token.confirm')).toHaveLength(3);
    });
  });

  /** The token the partner stored and the account service never confirmed (set above). */
  let orphanIds: string[] = [];

  describe('Recover with …', () => {
    let stranded: ApiBrowser;
    const recoverErrors = () => logged('account_recovery_token.recover_error');

    it('partner down when recovery starts, on an instance that reached it before: 503 unavailable, a message to try again, nothing changed', async () => {
      await stack.stopPartner();
      stranded = new ApiBrowser(stack.accountOrigin, { userAgent: 'NewPhone/1.0', ip: '192.0.2.10' });
      const challenge = await passwordStep(stranded, username);
      expect(challenge.json?.twoFactorRequired).toBe(true);
      const flowsBefore = await stack.accountDb.oAuthFlow.count();
      expectUnavailable(await stranded.post('/api/auth/recover'));
      expect(await stack.accountDb.oAuthFlow.count()).toBe(flowsBefore);
      expect(await tokensOf('recovered')).toEqual([]);
      expect(await stack.accountDb.recoveryRequest.count()).toBe(0);
    });

    it('partner stopped after the user picked the token, before the code exchange: "try again", logged as oauth_exchange, token still usable, no request opened', async () => {
      await stack.startPartner();
      const start = await stranded.post('/api/auth/recover');
      expect(start.status).toBe(200);
      const [tokenId] = await confirmedIds();
      const callback = await authoriseAtPartner(atPartner, stack.partnerOrigin, String(start.json?.authorizationUrl), { login: partnerLogin, pickTokenId: tokenId! });
      await stack.stopPartner();

      const back = await stranded.get(pathOf(callback));
      expect(back.status).toBe(303);
      expect(back.location).toMatch(/^\/sign-in\?recovery_error=.+/);
      expect(recoveryError(back)).toBe(partnerUnreachableCode);
      expect(await recoverErrors()).toEqual([{ reason: 'oauth_exchange' }]);
      expect(await tokensOf('recovered')).toEqual([]);
      expect(await confirmedIds()).toHaveLength(3);
      expect(await stack.accountDb.recoveryRequest.count()).toBe(0);
    });

    it('the orphan the partner kept is inert: picking it recovers nothing (token_known fails), and the user deletes it at the partner', async () => {
      await stack.startPartner();
      const [orphanId] = orphanIds;
      const start = await stranded.post('/api/auth/recover');
      expect(start.status).toBe(200);
      // The partner offers it like any other token, and countersigns it when picked.
      const callback = await authoriseAtPartner(atPartner, stack.partnerOrigin, String(start.json?.authorizationUrl), { login: partnerLogin, pickTokenId: orphanId! });
      const back = await stranded.get(pathOf(callback));
      expect(back.status).toBe(303);
      expect(back.location).toMatch(/^\/sign-in\?recovery_error=.+/);
      expect(recoveryError(back)).toBe('token_rejected');
      // Every check before it passed (it is our signature, our issuer, freshly countersigned):
      // the first to fail is that this service never confirmed a token with that id.
      expect(await recoverErrors()).toEqual([{ reason: 'oauth_exchange' }, { reason: 'token_known' }]);
      expect(await stack.accountDb.recoveryToken.findUnique({ where: { id: orphanId! } })).toBeNull();
      expect(await tokensOf('recovered')).toEqual([]);
      expect(await stack.accountDb.recoveryRequest.count()).toBe(0);
      expect(await logged('account_recovery_token.recover')).toEqual([]);

      // On the partner's "Recovery tokens" page the user deletes it; the two sides then agree.
      const listed = await atPartner.get('/recovery-tokens');
      expect(listed.status).toBe(200);
      expect(listed.text).toContain(`/recovery-tokens/${orphanId}/delete`);
      const deleted = await atPartner.post(`/recovery-tokens/${orphanId}/delete`);
      expect(deleted.status).toBe(303);
      expect(await savedAtPartner()).toEqual(await confirmedIds());
    });

    it('the sign-in expired while the user was at the partner: the callback refuses (sign_in_expired) and uses no token', async () => {
      const start = await stranded.post('/api/auth/recover');
      expect(start.status).toBe(200);
      const [tokenId] = await confirmedIds();
      const callback = await authoriseAtPartner(atPartner, stack.partnerOrigin, String(start.json?.authorizationUrl), { login: partnerLogin, pickTokenId: tokenId! });
      // A pending sign-in lasts ten minutes; instead of waiting, its expiry is moved into the past.
      const expired = await stack.accountDb.pendingSignIn.updateMany({ where: { user: { username } }, data: { expiresAt: new Date(Date.now() - 1_000) } });
      expect(expired.count).toBeGreaterThan(0);
      const back = await stranded.get(pathOf(callback));
      expect(back.status).toBe(303);
      expect(recoveryError(back)).toBe('unauthenticated');
      expect((await recoverErrors()).at(-1)).toEqual({ reason: 'sign_in_expired' });
      expect(await confirmedIds()).toContain(tokenId);
      expect(await tokensOf('recovered')).toEqual([]);
      expect(await stack.accountDb.recoveryRequest.count()).toBe(0);
    });

    it('retried with a fresh sign-in once all is well: the token recovers once and a request is opened for support', async () => {
      expect((await passwordStep(stranded, username)).json?.twoFactorRequired).toBe(true);
      const start = await stranded.post('/api/auth/recover');
      expect(start.status).toBe(200);
      const [tokenId] = await confirmedIds();
      const callback = await authoriseAtPartner(atPartner, stack.partnerOrigin, String(start.json?.authorizationUrl), { login: partnerLogin, pickTokenId: tokenId! });
      const back = await stranded.get(pathOf(callback));
      expect(back.location).toMatch(/^\/recovery\/started\?reference=[0-9A-Z]{26}$/);
      expect((await tokensOf('recovered')).map((t) => t.id)).toEqual([tokenId]);
      const requests = await stack.accountDb.recoveryRequest.findMany();
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({ status: 'pending', tokenId });
      expect(await logged('account_recovery_token.recover')).toHaveLength(1);
      // The three refusals above, and nothing more.
      expect((await recoverErrors()).map((d) => d.reason)).toEqual(['oauth_exchange', 'token_known', 'sign_in_expired']);
    });
  });
});
