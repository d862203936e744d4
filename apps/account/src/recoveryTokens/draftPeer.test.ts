import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
// A recovery provider written from the draft text with its own codec, not ours.
import { startDraftPeer } from '../../../../interop/draftPeer/draftPeer.ts';
import type { DraftPeer } from '../../../../interop/draftPeer/draftPeer.ts';
import { parseV0, parseV0Bytes } from '../../../../interop/draftPeer/versionZero.ts';
import type { AccountDb } from '@recovery/db';
import { approveRecoveryRequest, checkApprovable } from '../accountRecovery/recoveryRequests.ts';
import { createServedTestApp } from '../testing/servedTestApp.ts';
import type { ServedTestApp } from '../testing/servedTestApp.ts';
import { providersUnderTest } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { outcomeCount } from '../testing/outcomeCount.ts';
import { enableTwoFactorFor, password } from '../testing/twoFactorHelpers.ts';
import { partnerConfigurationFetcher } from './partnerConfiguration.ts';
import { TICKETS_PER_ADDRESS_PER_HOUR } from './recoveryTicketLimit.ts';
import { SWEEP_BATCH } from './sweepExpiredFlows.ts';

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (value: string) => value.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => entities[e] ?? e);

/** The one form on a page: its action and hidden fields. */
function formOf(page: string): { action: string; fields: Record<string, string> } {
  const action = /<form [^>]*action="([^"]*)"/.exec(page)?.[1];
  if (!action) throw new Error('no form');
  const fields: Record<string, string> = {};
  for (const match of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[unescape(match[1]!)] = unescape(match[2]!);
  return { action: unescape(action), fields };
}

/** A cross-site form POST, as a browser sends it: none of this site's cookies (from `address`, through the trusted loopback proxy). */
function crossSitePost(url: string, fields: Record<string, string>, address?: string): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', ...(address ? { 'X-Forwarded-For': address } : {}) };
  return fetch(url, { method: 'POST', redirect: 'manual', headers, body: new URLSearchParams(fields).toString() });
}

const local = (location: string | null | undefined): string => {
  const url = new URL(location ?? '', 'http://x.invalid');
  return url.pathname + url.search;
};

describe.each(providersUnderTest)('the account service and a draft-only recovery provider on %s', (provider) => {
  let t: ServedTestApp;
  let db: AccountDb;
  let peer: DraftPeer;
  let origin: string;

  beforeAll(async () => {
    peer = await startDraftPeer();
    t = await createServedTestApp(provider, { PARTNER_URL: peer.origin, PARTNER_NAME: 'Peer', PARTNER_PROTOCOL: 'dar', ACCOUNT_RECOVERY_DELAY_HOURS: '72' });
    ({ db, origin } = t);
  });
  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });

  /** "Connect with": our page posts a fresh token to the peer's save-token; the peer answers with a redirect. */
  async function sendToPeer(user: TestClient): Promise<string> {
    const start = await user.post('/api/recovery-tokens/save');
    expect(start.status).toBe(200);
    expect(start.body.authorizationUrl).toBe(`${origin}/delegated-recovery/send-token`);
    const page = await user.get('/delegated-recovery/send-token');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain(`form-action 'self' ${peer.origin}`);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const form = formOf(page.text);
    expect(form.action).toBe(`${peer.origin}/save-token`);
    expect(Object.keys(form.fields).sort()).toEqual(['state', 'token']);
    const answer = await crossSitePost(form.action, form.fields);
    expect(answer.status).toBe(303);
    return answer.headers.get('location')!;
  }

  let user: TestClient;

  it('saves: the peer parses and verifies our token with its own codec; save-token-return confirms it in this browser', async () => {
    user = new TestClient(origin, 'UserBrowser/1.0');
    await user.signUp('drafter');
    await enableTwoFactorFor({ clock: { now: new Date(), advance: () => undefined } }, user);
    const location = await sendToPeer(user);
    const back = new URL(location);
    expect(back.origin + back.pathname).toBe(`${origin}/delegated-recovery/save-token-return`);
    expect(back.searchParams.get('status')).toBe('save-success');
    const saved = peer.saved.at(-1)!;
    const parsed = parseV0(saved.token);
    expect([parsed.type, parsed.options, parsed.issuer, parsed.audience]).toEqual([0, 0, origin, peer.origin]);
    expect(parsed.data.toString('utf8')).not.toContain('drafter');

    const done = await user.get(local(location));
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/settings/security?recovery_token=saved#recovery-tokens');
    const tokens = await db.recoveryToken.findMany({ where: { user: { username: 'drafter' } } });
    expect(tokens.map((t) => [t.id, t.state, t.partner, t.partnerSubject])).toEqual([[saved.tokenId, 'confirmed', peer.origin, null]]);
    const actions = (await db.securityEvent.findMany({ where: { user: { username: 'drafter' } } })).map((e) => e.action);
    expect(actions).toContain('account_recovery_token.confirm');
  });

  it('honours save-token-return only in the browser that started the save, by GET or POST, once', async () => {
    const location = await sendToPeer(user);
    const elsewhere = new TestClient(origin, 'Attacker/1.0');
    await elsewhere.signUp('draft-attacker');
    const injected = await elsewhere.get(local(location));
    expect(injected.headers.location).toMatch(/recovery_error=/);
    // A state cookie without our signature is not this browser's either.
    const forged = await request(origin).get(local(location)).set('Cookie', `dar_save_state=${new URL(location).searchParams.get('state')}.forged`);
    expect(forged.headers.location).toMatch(/recovery_error=/);
    expect(await db.recoveryToken.count({ where: { user: { username: 'draft-attacker' } } })).toBe(0);

    // The draft's POST form of save-token-return continues as the same GET.
    const asPost = await user.agent.post('/delegated-recovery/save-token-return').type('form').send(new URL(location).searchParams.toString());
    expect(asPost.status).toBe(303);
    const finished = await user.get(asPost.headers.location as string);
    expect(finished.headers.location).toBe('/settings/security?recovery_token=saved#recovery-tokens');
    const replay = await user.get(local(location));
    expect(replay.headers.location).toMatch(/recovery_error=/);
    expect(await db.recoveryToken.count({ where: { user: { username: 'drafter' } } })).toBe(2);
  });

  it('records nothing when the peer answers save-failure', async () => {
    const start = await user.post('/api/recovery-tokens/save');
    expect(start.status).toBe(200);
    const page = await user.get('/delegated-recovery/send-token');
    const { state } = formOf(page.text).fields;
    const failed = await user.get(`/delegated-recovery/save-token-return?status=save-failure&state=${encodeURIComponent(state!)}`);
    expect(failed.headers.location).toBe('/settings/security?recovery_error=token_rejected#recovery-tokens');
    expect(await db.recoveryToken.count({ where: { user: { username: 'drafter' } } })).toBe(2);
  });

  it('recovers: the peer countersigns with its own codec and form-POSTs countersigned-token; same report, same request, same waiting period', async () => {
    const stranded = new TestClient(origin, 'NewPhone/1.0');
    const challenge = await stranded.signIn('drafter', password);
    expect(challenge.body.recoveryPartner).toEqual({ name: 'Peer', url: peer.origin });
    const start = await stranded.post('/api/auth/recover');
    expect(start.status).toBe(200);
    const atPeer = new URL(start.body.authorizationUrl);
    expect(atPeer.origin + atPeer.pathname).toBe(`${peer.origin}/recover-account`);
    expect(atPeer.searchParams.get('issuer')).toBe(origin);
    const page = await fetch(atPeer);
    const form = formOf(await page.text());
    expect(form.action).toBe(`${origin}/delegated-recovery/recover-account-return`);
    const countersigned = form.fields['countersigned-token']!;
    const outer = parseV0(countersigned);
    expect([outer.type, outer.issuer, outer.audience]).toEqual([1, peer.origin, origin]);
    const innerId = parseV0Bytes(outer.data).tokenId.toString('hex');

    const posted = await crossSitePost(form.action, form.fields);
    expect(posted.status).toBe(303);
    const next = posted.headers.get('location')!;
    expect(next).toMatch(/^\/api\/auth\/recover\/delegated\?ticket=/);
    expect(next).not.toContain(encodeURIComponent(countersigned).slice(0, 40));
    const done = await stranded.get(next);
    expect(done.headers.location).toBe('/recovery/started');

    const recoveryRequest = await db.recoveryRequest.findFirstOrThrow({ where: { user: { username: 'drafter' } } });
    expect([recoveryRequest.status, recoveryRequest.tokenId, recoveryRequest.partner, recoveryRequest.countersignedToken]).toEqual(['pending', innerId, peer.origin, countersigned]);
    const report = JSON.parse(recoveryRequest.report) as { ok: boolean; checks: { check: string; passed: boolean }[] };
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.check)).toEqual([
      'decodes',
      'known_partner',
      'countersignature',
      'audience',
      'issuer_binding',
      'countersignature_fresh',
      'token_binding',
      'token_signature',
      'token_issuer',
      'token_known',
      'token_confirmed',
      'not_recovered_before',
      'token_owner',
    ]);
    expect((await db.recoveryToken.findUniqueOrThrow({ where: { id: innerId } })).state).toBe('recovered');
    const actions = (await db.securityEvent.findMany({ where: { user: { username: 'drafter' } } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['account_recovery_token.recover', 'two_factor_account_recovery.start']));
    // The pending sign-in is spent, as on the OAuth path.
    expect(await db.pendingSignIn.count({ where: { user: { username: 'drafter' } } })).toBe(0);

    // Support approves it like any other: 2FA goes only after the configured waiting period.
    await new TestClient(origin).signUp('draft-staff');
    const staff = await db.user.findUniqueOrThrow({ where: { username: 'draft-staff' } });
    const approval = await checkApprovable(t.ctx, partnerConfigurationFetcher(), staff, recoveryRequest.id);
    const approved = await db.$transaction((tx) => approveRecoveryRequest(t.ctx, tx, staff, recoveryRequest.id, approval, { ip: '127.0.0.1', userAgent: 'test' }));
    expect(approved.status).toBe('approved');
    const stored = await db.recoveryRequest.findUniqueOrThrow({ where: { id: recoveryRequest.id } });
    expect(stored.completesAt!.getTime() - stored.decidedAt!.getTime()).toBe(72 * 3_600_000);
    expect((await db.twoFactor.findFirst({ where: { user: { username: 'drafter' } } }))?.enabledAt).toBeTruthy();
  });

  it('refuses a countersigned token without the password step in this browser, a replay, GET and other media types', async () => {
    const stranded = new TestClient(origin, 'NewPhone/2.0');
    const before = await db.recoveryRequest.count();
    // The peer countersigns the token named: the one still unused (the other recovered above).
    const unused = await db.recoveryToken.findFirstOrThrow({ where: { user: { username: 'drafter' }, state: 'confirmed' } });
    const page = await fetch(`${peer.origin}/recover-account?issuer=${encodeURIComponent(origin)}&id=${unused.id}`);
    const form = formOf(await page.text());
    const posted = await crossSitePost(form.action, form.fields);
    const failures = await outcomeCount(t, 'recovery_failure', 'recovery_token');
    const noPassword = await stranded.get(posted.headers.get('location')!);
    expect(noPassword.headers.location).toBe('/sign-in?recovery_error=unauthenticated');
    const errors = await db.securityEvent.findMany({ where: { user: { username: 'drafter' }, action: 'account_recovery_token.recover_error' } });
    expect(errors.map((e) => JSON.parse(e.data ?? '{}') as { reason?: string }).map((d) => d.reason)).toContain('sign_in_expired');
    // The metrics count the failure the security log records.
    expect(await outcomeCount(t, 'recovery_failure', 'recovery_token')).toBe(failures + 1);

    // The ticket was single use; the first token, already recovered, does not recover again.
    expect((await stranded.get(posted.headers.get('location')!)).headers.location).toMatch(/recovery_error=/);
    await stranded.signIn('drafter', password);
    const replayed = await db.recoveryRequest.findFirstOrThrow();
    // A token already used is refused before any ticket is made.
    const again = await crossSitePost(`${origin}/delegated-recovery/recover-account-return`, { 'countersigned-token': replayed.countersignedToken });
    expect(again.headers.get('location')).toBe('/sign-in?recovery_error=token_rejected');
    expect(await db.recoveryRequest.count()).toBe(before);

    const json = await request(origin).post('/delegated-recovery/recover-account-return').send({ 'countersigned-token': replayed.countersignedToken });
    expect(json.status).toBe(415);
    expect((await request(origin).get('/delegated-recovery/recover-account-return')).status).toBe(400);
    const garbage = await crossSitePost(`${origin}/delegated-recovery/recover-account-return`, { 'countersigned-token': 'AAAA' });
    expect(garbage.headers.get('location')).toMatch(/^\/sign-in\?recovery_error=/);
  });
  /** A new user with 2FA and one token confirmed at the peer; returns the token id. */
  async function userWithSavedToken(username: string): Promise<{ client: TestClient; tokenId: string }> {
    const client = new TestClient(origin, 'Saver/1.0');
    await client.signUp(username);
    await enableTwoFactorFor({ clock: { now: new Date(), advance: () => undefined } }, client);
    const location = await sendToPeer(client);
    expect((await client.get(local(location))).headers.location).toBe('/settings/security?recovery_token=saved#recovery-tokens');
    return { client, tokenId: peer.saved.at(-1)!.tokenId };
  }

  /** The password step in a new browser, then "Recover with": the peer's page, as that browser sees it. */
  async function recoverAtPeer(username: string): Promise<{ stranded: TestClient; form: { action: string; fields: Record<string, string> }; atPeer: URL }> {
    const stranded = new TestClient(origin, 'Stranded/1.0');
    await stranded.signIn(username, password);
    const start = await stranded.post('/api/auth/recover');
    expect(start.status).toBe(200);
    const atPeer = new URL(start.body.authorizationUrl as string);
    return { stranded, form: formOf(await (await fetch(atPeer)).text()), atPeer };
  }

  it('names the token: "Recover with" sends the id of the account\'s newest confirmed token beside the issuer (darrrr needs it)', async () => {
    const { tokenId } = await userWithSavedToken('draft-id');
    await userWithSavedToken('draft-id-neighbour');
    const { atPeer } = await recoverAtPeer('draft-id');
    expect(atPeer.searchParams.get('issuer')).toBe(origin);
    expect(atPeer.searchParams.get('id')).toBe(tokenId);
    expect(peer.recoverRequests.at(-1)).toEqual({ issuer: origin, id: tokenId });
  });

  it('takes the countersigned token as `token`, as darrrr and Facebook\'s SDK post it', async () => {
    peer.behaviour.returnField = 'token';
    try {
      const { tokenId } = await userWithSavedToken('draft-short');
      const { stranded, form } = await recoverAtPeer('draft-short');
      expect(Object.keys(form.fields)).toEqual(['token']);
      const posted = await crossSitePost(form.action, form.fields);
      expect(posted.headers.get('location')).toMatch(/^\/api\/auth\/recover\/delegated\?ticket=/);
      expect((await stranded.get(posted.headers.get('location')!)).headers.location).toBe('/recovery/started');
      const recoveryRequest = await db.recoveryRequest.findFirstOrThrow({ where: { user: { username: 'draft-short' } } });
      expect([recoveryRequest.tokenId, recoveryRequest.status]).toEqual([tokenId, 'pending']);
    } finally {
      peer.behaviour.returnField = 'countersigned-token';
    }
  });

  it('refuses two different tokens in countersigned-token and token, and a countersigned token with a binding it never asked for (draft §3.5 step 8)', async () => {
    await userWithSavedToken('draft-bound');
    const before = await db.recoveryRequest.count();
    const first = await recoverAtPeer('draft-bound');
    const other = (await recoverAtPeer('draft-bound')).form.fields['countersigned-token']!;
    const ambiguous = await crossSitePost(first.form.action, { 'countersigned-token': first.form.fields['countersigned-token']!, token: other });
    expect(ambiguous.status).toBe(303);
    expect(ambiguous.headers.get('location')).toMatch(/^\/sign-in\?recovery_error=/);

    peer.behaviour.countersignBinding = Buffer.from('a binding nobody asked for');
    try {
      const { stranded, form } = await recoverAtPeer('draft-bound');
      const posted = await crossSitePost(form.action, form.fields);
      const done = await stranded.get(posted.headers.get('location')!);
      expect(done.headers.location).toMatch(/^\/sign-in\?recovery_error=/);
    } finally {
      peer.behaviour.countersignBinding = Buffer.alloc(0);
    }
    expect(await db.recoveryRequest.count()).toBe(before);
    const errors = await db.securityEvent.findMany({ where: { user: { username: 'draft-bound' }, action: 'account_recovery_token.recover_error' } });
    expect(errors.map((e) => (JSON.parse(e.data ?? '{}') as { reason?: string }).reason)).toContain('token_binding');
    expect((await db.recoveryToken.findFirstOrThrow({ where: { user: { username: 'draft-bound' } } })).state).toBe('confirmed');
  });
  it('makes one ticket per countersigned token, none for a stale countersignature, and sweeps expired tickets in bounded batches', async () => {
    await userWithSavedToken('draft-replay');
    const address = '198.51.100.7';
    const tickets = () => db.oAuthFlow.count({ where: { purpose: 'dar-recover' } });
    // A backlog of expired tickets: each new ticket sweeps at most SWEEP_BATCH of them.
    const owner = await db.user.findUniqueOrThrow({ where: { username: 'draft-replay' } });
    const past = new Date(Date.now() - 3_600_000);
    await db.oAuthFlow.createMany({
      data: Array.from({ length: SWEEP_BATCH + 50 }, (_, i) => ({ stateHash: `expired-${i}`, purpose: 'dar-recover', userId: owner.id, secretsEnc: 'x', createdAt: past, expiresAt: past })),
    });
    const { form } = await recoverAtPeer('draft-replay');
    const before = await tickets();
    const first = await crossSitePost(form.action, form.fields, address);
    expect(first.headers.get('location')).toMatch(/^\/api\/auth\/recover\/delegated\?ticket=/);
    expect(await db.oAuthFlow.count({ where: { stateHash: { startsWith: 'expired-' } } })).toBe(50);
    for (let i = 0; i < 5; i++) {
      const again = await crossSitePost(form.action, form.fields, address);
      expect(again.headers.get('location')).toBe('/sign-in?recovery_error=conflict');
    }
    const live = () => db.oAuthFlow.count({ where: { purpose: 'dar-recover', userId: owner.id, expiresAt: { gt: new Date() } } });
    expect(await live()).toBe(1);
    // Every post swept a batch: the backlog is gone.
    expect(await tickets()).toBe(before - SWEEP_BATCH - 50 + 1);

    peer.behaviour.countersignAgeMs = 6 * 60_000;
    try {
      const stale = (await recoverAtPeer('draft-replay')).form;
      const refused = await crossSitePost(stale.action, stale.fields, address);
      expect(refused.headers.get('location')).toBe('/sign-in?recovery_error=token_rejected');
    } finally {
      peer.behaviour.countersignAgeMs = 0;
    }
    expect(await live()).toBe(1);
  });

  it('counts every post to recover-account-return against its address: the 31st in an hour is refused, other addresses unaffected', async () => {
    const target = `${origin}/delegated-recovery/recover-account-return`;
    for (let i = 0; i < TICKETS_PER_ADDRESS_PER_HOUR; i++) {
      expect((await crossSitePost(target, { token: 'AAAA' }, '203.0.113.9')).headers.get('location')).toBe('/sign-in?recovery_error=token_rejected');
    }
    expect((await crossSitePost(target, { token: 'AAAA' }, '203.0.113.9')).headers.get('location')).toBe('/sign-in?recovery_error=rate_limited');
    expect((await crossSitePost(target, { token: 'AAAA' }, '203.0.113.10')).headers.get('location')).toBe('/sign-in?recovery_error=token_rejected');
  });
  it('names the account\'s deleted and used tokens in obsoletes at its next save, so the partner drops its copies', async () => {
    const { client, tokenId } = await userWithSavedToken('draft-deleter');
    expect((await client.delete(`/api/recovery-tokens/${tokenId}`)).status).toBe(204);
    const start = await client.post('/api/recovery-tokens/save');
    expect(start.status).toBe(200);
    const page = await client.get('/delegated-recovery/send-token');
    expect([...page.text.matchAll(/<input type="hidden" name="obsoletes" value="([0-9a-f]{32})">/g)].map((m) => m[1])).toEqual([tokenId]);
  });
});
