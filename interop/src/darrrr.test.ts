import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveRecoveryRequest, checkApprovable } from '@recovery/account/accountRecovery/recoveryRequests';
import { partnerConfigurationFetcher } from '@recovery/account/recoveryTokens/partnerConfiguration';
import { verifyCountersignedToken } from '@recovery/account/recoveryTokens/verificationReport';
import { createTestApp as createAccount } from '@recovery/account/testing/testApp';
import type { TestApp as AccountApp } from '@recovery/account/testing/testApp';
import { TestClient as AccountClient } from '@recovery/account/testing/testClient';
import { enableTwoFactorFor, password } from '@recovery/account/testing/twoFactorHelpers';
import { listenOnLoopback } from '@recovery/partner/testing/listen';
import type { Listening } from '@recovery/partner/testing/listen';
import { createTestApp as createPartner } from '@recovery/partner/testing/testApp';
import type { TestApp as PartnerApp } from '@recovery/partner/testing/testApp';
import { TestClient as PartnerClient } from '@recovery/partner/testing/testClient';
import { startDarrrr } from './darrrrPeer.ts';
import { httpsFronts } from './httpsOrigins.ts';
import type { HttpsFront } from './httpsOrigins.ts';
import type { DarrrrPeer } from './darrrrPeer.ts';
import { crossSitePost, formOf, local } from './forms.ts';
import { recordJourney, syncJourneyTable } from './journeys.ts';

// GitHub's darrrr, run as a live peer (interop/darrrr/harness.rb), against both our services
// over the draft's browser protocol, every origin https on the TLS terminator. Each journey is recorded for the README's table.
describe('darrrr (GitHub) and our services over the draft protocol', () => {
  let accountListener: Listening;
  let partnerListener: Listening;
  let darrrr: DarrrrPeer;
  let account: AccountApp;
  let partner: PartnerApp;
  let fronts: HttpsFront[] | undefined;
  let accountOrigin: string;
  let partnerOrigin: string;

  beforeAll(async () => {
    // Every origin is https://localhost:… on the project's TLS terminator, as the peers require.
    fronts = await httpsFronts(3);
    const [accountFront, partnerFront, darrrrFront] = fronts as [HttpsFront, HttpsFront, HttpsFront];
    accountListener = await listenOnLoopback();
    partnerListener = await listenOnLoopback();
    darrrr = await startDarrrr({ authority: darrrrFront.origin, accountProviders: [accountFront.origin], recoveryProviders: [partnerFront.origin] });
    account = await createAccount(
      'sqlite',
      { PUBLIC_URL: accountFront.origin, PARTNER_URL: darrrr.origin, PARTNER_NAME: 'darrrr', PARTNER_PROTOCOL: 'dar', ACCOUNT_RECOVERY_DELAY_HOURS: '0' },
      { realClock: true },
    );
    accountListener.setHandler(account.app);
    partner = await createPartner('sqlite', { PUBLIC_URL: partnerFront.origin, ALLOWED_TOKEN_ISSUERS: darrrr.origin });
    partnerListener.setHandler(partner.app);
    await accountFront.serve(Number(new URL(accountListener.origin).port));
    await partnerFront.serve(Number(new URL(partnerListener.origin).port));
    await darrrrFront.serve(darrrr.port);
    accountOrigin = accountFront.origin;
    partnerOrigin = partnerFront.origin;
  });
  afterAll(async () => {
    for (const front of fronts ?? []) await front.close();
    const table = syncJourneyTable('darrrr');
    expect(table.actual, 'README.md interop table (rewrite with UPDATE_INTEROP_TABLE=1)').toBe(table.expected);
    await accountListener?.close();
    await partnerListener?.close();
    await darrrr?.close();
    await account?.close();
    await partner?.close();
  });

  /** darrrr (as the demo's /create) hands the browser a form that posts a fresh token to our save-token. */
  async function darrrrSends(browser: PartnerClient, audience?: string) {
    partner.clock.now = new Date();
    const query = new URLSearchParams({ recovery_provider: partnerOrigin, ...(audience ? { audience } : {}) });
    const form = formOf(await (await fetch(`${darrrr.origin}/account-provider/create?${query.toString()}`)).text());
    expect(form.action).toBe(`${partnerOrigin}/delegated-recovery/save-token`);
    const fields = Object.fromEntries(form.fields);
    return { fields, post: (token = fields.token!) => browser.agent.post('/delegated-recovery/save-token').set('Accept', 'text/html').type('form').send(new URLSearchParams({ ...fields, token }).toString()) };
  }

  it('darrrr as account provider: saves a token at our partner and recovers with the countersigned token', async () => {
    const browser = new PartnerClient(partnerOrigin);
    expect((await browser.signUp('octocat')).status).toBe(303);
    const { fields, post } = await darrrrSends(browser);
    expect((await post()).headers.location).toBe('/delegated-recovery/save-token/confirm');
    await browser.get('/delegated-recovery/save-token/confirm');
    const confirmed = await browser.post('/delegated-recovery/save-token/confirm');
    const back = new URL(confirmed.headers.location as string);
    expect(back.origin + back.pathname).toBe(`${darrrr.origin}/account-provider/save-token-return`);
    expect(back.searchParams.get('status')).toBe('save-success');
    expect(back.searchParams.get('state')).toBe(fields.state);
    expect(await (await fetch(back)).text()).toBe('status: save-success');
    const tokenId = new URL(fields.state!).searchParams.get('id')!;
    expect((await partner.db.savedRecoveryToken.findMany()).map((t) => [t.id, t.issuer])).toEqual([[tokenId, darrrr.origin]]);

    // darrrr's state_url is our recover-account with the token's id: the journey back starts there.
    const picker = await browser.get(local(fields.state));
    expect(picker.status).toBe(200);
    expect(picker.text).toContain(`name="tokenId" value="${tokenId}"`);
    const sent = await browser.post('/delegated-recovery/recover-account/pick', { tokenId });
    const form = formOf(sent.text, 'auto-post');
    expect(form.action).toBe(`${darrrr.origin}/account-provider/recover-account-return`);
    const answer = await crossSitePost(form.action, form.fields);
    expect(await answer.text()).toBe(`recovered ${tokenId}`);
    expect(answer.status).toBe(200);
    await recordJourney({ peer: 'darrrr', role: 'account provider → our partner', journey: 'configuration, save, recover, countersigned return verified by darrrr', result: 'passes' });
  });

  it('our partner refuses a tampered darrrr token and one addressed to another recovery provider', async () => {
    const browser = new PartnerClient(partnerOrigin);
    await browser.signUp('octocat-refused');
    const before = await partner.db.savedRecoveryToken.count();
    const tampered = await darrrrSends(browser);
    const bytes = Buffer.from(tampered.fields.token!, 'base64');
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0x01;
    await tampered.post(bytes.toString('base64'));
    await browser.get('/delegated-recovery/save-token/confirm');
    const refused = await browser.post('/delegated-recovery/save-token/confirm');
    expect(new URL(refused.headers.location as string).searchParams.get('status')).toBe('save-failure');

    const elsewhere = await darrrrSends(browser, 'https://recovery.elsewhere.example');
    const wrongAudience = await elsewhere.post();
    expect(wrongAudience.status).toBe(400);
    expect(wrongAudience.text).toContain('The token&#39;s audience is not');
    expect(await partner.db.savedRecoveryToken.count()).toBe(before);
    await recordJourney({ peer: 'darrrr', role: 'account provider → our partner', journey: 'refusals: tampered token, wrong audience', result: 'refused, nothing saved' });
  });

  it('darrrr as recovery provider: stores our token, countersigns it, and support verifies and approves the recovery', async () => {
    const user = new AccountClient(accountOrigin, 'Laptop/1.0');
    await user.signUp('hubber');
    await enableTwoFactorFor({ clock: { now: new Date(), advance: () => undefined } }, user);
    expect((await user.post('/api/recovery-tokens/save')).status).toBe(200);
    const page = await user.get('/delegated-recovery/send-token');
    const save = formOf(page.text, 'auto-post');
    expect(save.action).toBe(`${darrrr.origin}/recovery-provider/save-token`);
    const posted = await crossSitePost(save.action, save.fields);
    expect(posted.status).toBe(302);
    const done = await user.get(local(posted.headers.get('location')));
    expect(done.headers.location).toBe('/settings/security?recovery_token=saved#recovery-tokens');
    const token = await account.db.recoveryToken.findFirstOrThrow({ where: { user: { username: 'hubber' } } });
    expect(token.state).toBe('confirmed');
    expect((await darrrr.events()).filter((e) => e.event === 'saved').map((e) => e.id)).toContain(token.id);

    const stranded = new AccountClient(accountOrigin, 'NewPhone/1.0');
    await stranded.signIn('hubber', password);
    const start = await stranded.post('/api/auth/recover');
    const atDarrrr = new URL(start.body.authorizationUrl as string);
    expect(atDarrrr.origin + atDarrrr.pathname).toBe(`${darrrr.origin}/recovery-provider/recover-account`);
    expect(atDarrrr.searchParams.get('id')).toBe(token.id);
    const back = formOf(await (await fetch(atDarrrr)).text());
    expect(back.action).toBe(`${accountOrigin}/delegated-recovery/recover-account-return`);
    expect(back.fields.map(([name]) => name)).toEqual(['token']);
    const returned = await crossSitePost(back.action, back.fields);
    const started = await stranded.get(returned.headers.get('location')!);
    expect(started.headers.location).toBe('/recovery/started');

    const request = await account.db.recoveryRequest.findFirstOrThrow({ where: { user: { username: 'hubber' } } });
    const report = await verifyCountersignedToken(account.ctx, partnerConfigurationFetcher(), request.countersignedToken, { requestTokenUsedBy: request.id, at: request.createdAt });
    expect(report.checks.filter((c) => !c.passed)).toEqual([]);
    expect(report.ok).toBe(true);
    await new AccountClient(accountOrigin).signUp('support-staff');
    const staff = await account.db.user.findUniqueOrThrow({ where: { username: 'support-staff' } });
    const approval = await checkApprovable(account.ctx, partnerConfigurationFetcher(), staff, request.id);
    const approved = await account.db.$transaction((tx) => approveRecoveryRequest(account.ctx, tx, staff, request.id, approval, { ip: '127.0.0.1', userAgent: 'interop' }));
    expect(approved.status).toBe('approved');
    await recordJourney({ peer: 'darrrr', role: 'recovery provider ← our account service', journey: 'configuration, save, recover (`token`, `id`), countersigned return, support verification (every check) and approval', result: 'passes' });
  });

  it('our account service refuses a tampered countersigned token from darrrr', async () => {
    const user = new AccountClient(accountOrigin, 'Laptop/2.0');
    await user.signUp('hubber-two');
    await enableTwoFactorFor({ clock: { now: new Date(), advance: () => undefined } }, user);
    await user.post('/api/recovery-tokens/save');
    const save = formOf((await user.get('/delegated-recovery/send-token')).text, 'auto-post');
    await user.get(local((await crossSitePost(save.action, save.fields)).headers.get('location')));
    const stranded = new AccountClient(accountOrigin, 'NewPhone/2.0');
    await stranded.signIn('hubber-two', password);
    const start = await stranded.post('/api/auth/recover');
    const back = formOf(await (await fetch(start.body.authorizationUrl as string)).text());
    const bytes = Buffer.from(back.fields[0]![1], 'base64');
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0x01;
    const returned = await crossSitePost(back.action, { token: bytes.toString('base64') });
    const refused = await stranded.get(returned.headers.get('location')!);
    expect(refused.headers.location).toBe('/sign-in?recovery_error=token_rejected');
    expect(await account.db.recoveryRequest.count({ where: { user: { username: 'hubber-two' } } })).toBe(0);
    await recordJourney({ peer: 'darrrr', role: 'recovery provider ← our account service', journey: 'refusal: tampered countersigned token', result: 'refused, no recovery request' });
  });
});
