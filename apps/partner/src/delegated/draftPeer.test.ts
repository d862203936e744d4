import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// A participant written from the draft text with its own codec: the partner must interoperate
// with it as its account provider, over the draft's browser protocol.
import { startDraftPeer } from '../../../../interop/draftPeer/draftPeer.ts';
import type { DraftPeer } from '../../../../interop/draftPeer/draftPeer.ts';
import { signedUpBrowser } from '../testing/oidcFlow.ts';
import { createServedTestApp, type ServedTestApp } from '../testing/servedTestApp.ts';
import { providersUnderTest } from '../testing/testApp.ts';
import { TestClient, textOf, unescapeHtml } from '../testing/testClient.ts';

/** The form a page would submit: its action and hidden fields. */
function formOf(page: string): { action: string; fields: Record<string, string> } {
  const action = /<form id="auto-post" method="post" action="([^"]*)"/.exec(page)?.[1];
  if (!action) throw new Error('no auto-post form');
  const fields: Record<string, string> = {};
  const form = page.slice(page.indexOf('<form id="auto-post"'), page.indexOf('</form>', page.indexOf('<form id="auto-post"')));
  for (const match of form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[unescapeHtml(match[1]!)] = unescapeHtml(match[2]!);
  return { action: unescapeHtml(action), fields };
}

/** What a browser does with a cross-site form: POST it there, without this site's cookies. */
async function crossSitePost(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

describe.each(providersUnderTest)('the partner and a draft-only account provider on %s', (provider) => {
  let peer: DraftPeer;
  let partner: ServedTestApp;

  beforeAll(async () => {
    peer = await startDraftPeer();
    partner = await createServedTestApp(provider, { ACCOUNT_URL: peer.origin });
  });
  afterAll(async () => {
    await partner?.close();
    await peer?.close();
  });

  /** The browser arrives at save-token by a cross-site form POST (no partner cookies on it). */
  async function deliver(browser: TestClient, token: string, state: string) {
    const posted = await browser.agent.post('/delegated-recovery/save-token').set('Accept', 'text/html').type('form').send(new URLSearchParams({ token, state, nickname_hint: 'home' }).toString());
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe('/delegated-recovery/save-token/confirm');
    return browser.get('/delegated-recovery/save-token/confirm');
  }

  it('saves a token the peer form-POSTs to save-token, after the user confirms, and returns status and state', async () => {
    partner.clock.now = new Date();
    const browser = await signedUpBrowser(partner, 'draft-saver');
    const { token, tokenId } = peer.recoveryToken(partner.origin);
    const page = await deliver(browser, token, 'peer-state-1/+=');
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain(`Save a recovery token for ${peer.origin}`);
    // The confirmation may send the browser on to the peer, and to nowhere else; never framed.
    expect(page.headers['content-security-policy']).toContain(`form-action 'self' ${peer.origin}`);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(await partner.db.savedRecoveryToken.count()).toBe(0);

    const confirmed = await browser.post('/delegated-recovery/save-token/confirm');
    expect(confirmed.status).toBe(303);
    const back = new URL(confirmed.headers.location as string);
    expect(back.origin + back.pathname).toBe(`${peer.origin}/save-token-return`);
    expect(back.searchParams.get('status')).toBe('save-success');
    expect(back.searchParams.get('state')).toBe('peer-state-1/+=');
    await fetch(back);
    expect(peer.saveReturns.at(-1)).toEqual({ status: 'save-success', state: 'peer-state-1/+=' });
    const saved = await partner.db.savedRecoveryToken.findMany();
    expect(saved.map((s) => [s.id, s.issuer])).toEqual([[tokenId, peer.origin]]);
    // Single use: the waiting request is gone.
    expect(await partner.db.delegatedSaveRequest.count()).toBe(0);
    expect((await browser.get('/delegated-recovery/save-token/confirm')).status).toBe(400);
  });

  it('countersigns at recover-account (GET or POST) and form-POSTs countersigned-token that the peer verifies with its own parser', async () => {
    partner.clock.now = new Date();
    const browser = new TestClient(partner.origin);
    await browser.signIn('draft-saver');
    // POST continues as GET with the same hints.
    const viaPost = await browser.agent.post('/delegated-recovery/recover-account').type('form').send(`issuer=${encodeURIComponent(peer.origin)}`);
    expect(viaPost.status).toBe(303);
    expect(viaPost.headers.location).toBe(`/delegated-recovery/recover-account?issuer=${encodeURIComponent(peer.origin)}`);
    const picker = await browser.get(viaPost.headers.location as string);
    expect(picker.status).toBe(200);
    const tokenId = /name="tokenId" value="([0-9a-f]{32})"/.exec(picker.text)?.[1];
    expect(tokenId).toBe((await partner.db.savedRecoveryToken.findFirstOrThrow()).id);
    const sent = await browser.post('/delegated-recovery/recover-account/pick', { tokenId: tokenId! });
    expect(sent.status).toBe(200);
    expect(sent.headers['content-security-policy']).toContain(`form-action 'self' ${peer.origin}`);
    const form = formOf(sent.text);
    expect(form.action).toBe(`${peer.origin}/recover-account-return`);
    // The draft's field and the one darrrr and Facebook's SDK read, with the same token.
    expect(Object.keys(form.fields).sort()).toEqual(['countersigned-token', 'token']);
    expect(form.fields.token).toBe(form.fields['countersigned-token']);
    const answer = await crossSitePost(form.action, form.fields);
    expect(await answer.text()).toBe('recovered');
    expect(peer.recoveries.at(-1)).toEqual({ ok: true, reason: 'recovered', tokenId, countersignedBy: partner.origin });

    // A peer that reads only `token`, as the reference implementations do, recovers too.
    peer.behaviour.returnField = 'token';
    try {
      const again = formOf((await browser.post('/delegated-recovery/recover-account/pick', { tokenId: tokenId! })).text);
      expect(await (await crossSitePost(again.action, again.fields)).text()).toBe('recovered');
    } finally {
      peer.behaviour.returnField = 'countersigned-token';
    }
  });

  it('honours obsoletes (draft §3.1): the renewed token replaces the one it names, only that user\'s from that issuer', async () => {
    partner.clock.now = new Date();
    const renewer = await signedUpBrowser(partner, 'draft-renewer');
    const neighbour = await signedUpBrowser(partner, 'draft-neighbour');
    const save = async (browser: TestClient, token: string, ...obsoletes: string[]) => {
      const body = new URLSearchParams({ token });
      for (const id of obsoletes) body.append('obsoletes', id);
      const posted = await browser.agent.post('/delegated-recovery/save-token').set('Accept', 'text/html').type('form').send(body.toString());
      expect(posted.status).toBe(303);
      await browser.get('/delegated-recovery/save-token/confirm');
      const done = await browser.post('/delegated-recovery/save-token/confirm');
      expect(new URL(done.headers.location as string).searchParams.get('status')).toBe('save-success');
    };
    const old = peer.recoveryToken(partner.origin);
    const theirs = peer.recoveryToken(partner.origin);
    await save(renewer, old.token);
    await save(neighbour, theirs.token);
    const renewed = peer.recoveryToken(partner.origin);
    await save(renewer, renewed.token, old.tokenId.toUpperCase());
    const ids = async (username: string) => (await partner.db.savedRecoveryToken.findMany({ where: { user: { username } } })).map((t) => t.id);
    expect(await ids('draft-renewer')).toEqual([renewed.tokenId]);
    // Naming someone else's token removes nothing.
    await save(renewer, peer.recoveryToken(partner.origin).token, theirs.tokenId);
    expect(await ids('draft-neighbour')).toEqual([theirs.tokenId]);
    expect(await ids('draft-renewer')).toHaveLength(2);
    // Repeated, as our account service sends every dead token it knows of: all of them go.
    const newest = peer.recoveryToken(partner.origin);
    await save(renewer, newest.token, ...(await ids('draft-renewer')));
    expect(await ids('draft-renewer')).toEqual([newest.tokenId]);
  });

  it('refuses a token with a binding it never issued (draft §3.1.1 step 10): save-failure, nothing saved', async () => {
    partner.clock.now = new Date();
    const browser = await signedUpBrowser(partner, 'draft-bound');
    const bound = peer.recoveryToken(partner.origin, { binding: Buffer.from('unsolicited') }).token;
    const posted = await browser.agent.post('/delegated-recovery/save-token').set('Accept', 'text/html').type('form').send(new URLSearchParams({ token: bound, state: 'b1' }).toString());
    expect(posted.status).toBe(400);
    expect(textOf(posted.text)).toContain('The token carries a token binding this partner never issued');
    expect(await partner.db.savedRecoveryToken.count({ where: { user: { username: 'draft-bound' } } })).toBe(0);
    expect(await partner.db.delegatedSaveRequest.count()).toBe(0);
  });

  it('never fetches anything from an origin it does not accept tokens from, whoever names it (recover-account?issuer=)', async () => {
    partner.clock.now = new Date();
    let hits = 0;
    const stranger = createServer((_req, res) => {
      hits += 1;
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    try {
      const strangerOrigin = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`;
      const browser = await signedUpBrowser(partner, 'draft-ssrf');
      const picker = await browser.get(`/delegated-recovery/recover-account?issuer=${encodeURIComponent(strangerOrigin)}`);
      expect(picker.status).toBe(200);
      expect(hits).toBe(0);
      await expect(partner.ctx.issuerConfigurations.get(strangerOrigin)).rejects.toMatchObject({ code: 'token_rejected' });
      expect(hits).toBe(0);
    } finally {
      await new Promise((resolve) => stranger.close(resolve));
    }
  });

  it('asks for the password again when the last sign-in is older than five minutes', async () => {
    const browser = new TestClient(partner.origin);
    await browser.signIn('draft-saver');
    partner.clock.advance(5 * 60_000 + 1_000);
    const res = await browser.get(`/delegated-recovery/recover-account?issuer=${encodeURIComponent(peer.origin)}&id=${'A'.repeat(32)}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-in\?return_to=%2Fdelegated-recovery%2Frecover-account%3Fissuer%3D/);
  });

  it('returns save-failure when the user declines, and when the token does not verify; saves nothing', async () => {
    partner.clock.now = new Date();
    const browser = await signedUpBrowser(partner, 'draft-decliner');
    await deliver(browser, peer.recoveryToken(partner.origin).token, 's2');
    const declined = await browser.post('/delegated-recovery/save-token/cancel');
    expect(new URL(declined.headers.location as string).searchParams.get('status')).toBe('save-failure');
    expect(new URL(declined.headers.location as string).searchParams.get('state')).toBe('s2');

    // A token whose signature bytes were changed: structure fine, signature not the peer's.
    const good = Buffer.from(peer.recoveryToken(partner.origin).token, 'base64');
    good[good.length - 3] = (good[good.length - 3] ?? 0) ^ 0x01;
    await deliver(browser, good.toString('base64'), 's3');
    const refused = await browser.post('/delegated-recovery/save-token/confirm');
    expect(new URL(refused.headers.location as string).searchParams.get('status')).toBe('save-failure');
    expect(await partner.db.savedRecoveryToken.count({ where: { user: { username: 'draft-decliner' } } })).toBe(0);
  });

  it('signs the user in first, then confirms; refuses GET, other media types and tokens from elsewhere', async () => {
    partner.clock.now = new Date();
    await signedUpBrowser(partner, 'draft-later');
    const browser = new TestClient(partner.origin);
    const page = await deliver(browser, peer.recoveryToken(partner.origin).token, 's4');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/sign-in?return_to=%2Fdelegated-recovery%2Fsave-token%2Fconfirm');
    const signedIn = await browser.signIn('draft-later', undefined, '/delegated-recovery/save-token/confirm');
    expect(signedIn.headers.location).toBe('/delegated-recovery/save-token/confirm');
    await browser.get('/delegated-recovery/save-token/confirm');
    const done = await browser.post('/delegated-recovery/save-token/confirm');
    expect(new URL(done.headers.location as string).searchParams.get('status')).toBe('save-success');

    expect((await browser.get('/delegated-recovery/save-token')).status).toBe(405);
    const json = await browser.agent.post('/delegated-recovery/save-token').set('Accept', 'text/html').send({ token: 'x' });
    expect(json.status).toBe(415);
    const stranger = await startDraftPeer();
    try {
      const foreign = await browser.agent.post('/delegated-recovery/save-token').set('Accept', 'text/html').type('form').send({ token: stranger.recoveryToken(partner.origin).token });
      expect(foreign.status).toBe(400);
      expect(textOf(foreign.text)).toContain('Tokens from this issuer are not accepted here');
      const elsewhere = await browser.agent.post('/delegated-recovery/save-token').set('Accept', 'text/html').type('form').send({ token: peer.recoveryToken('https://other.example').token });
      expect(elsewhere.status).toBe(400);
    } finally {
      await stranger.close();
    }
    expect(await partner.db.delegatedSaveRequest.count()).toBe(0);
  });
});
