import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '@recovery/http';
import { createTestApp, providersUnderTest, testOrigin } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient, csrfFieldOf } from '../testing/testClient.ts';

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

describe.each(providersUnderTest)('CSRF protection of the partner pages on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  const signUpFields = { username: 'csrf-victim', email: 'victim@example.com', password: 'a long enough password' };

  it('puts a token in every form and a matching partner_csrf cookie', async () => {
    const client = new TestClient(t.app);
    const page = await client.get('/sign-up');
    expect(page.status).toBe(200);
    expect(csrfFieldOf(page.text)).toBeTruthy();
    expect(client.cookie('partner_csrf')).toBe(csrfFieldOf(page.text));
    // The account service's cookie name is left alone: cookies do not separate ports.
    expect(client.cookie('csrf_token')).toBeUndefined();
    // A second page reuses the still-valid token, so several open tabs keep working.
    const again = await client.get('/sign-in');
    expect(csrfFieldOf(again.text)).toBe(csrfFieldOf(page.text));
  });

  it('refuses a POST without the _csrf field and creates nothing', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-up');
    const res = await client.agent.post('/sign-up').type('form').send(form(signUpFields));
    expect(res.status).toBe(403);
    const bare = await request(t.app).post('/sign-up').set('Accept', 'application/json').type('form').send(form(signUpFields));
    expect(bare.status).toBe(403);
    expect(bare.body.error.code).toBe('csrf_failed');
    const empty = await request(t.app).post('/sign-up');
    expect(empty.status).toBe(403);
    expect(await t.db.partnerUser.count()).toBe(0);
  });

  it('refuses a field that does not match the cookie (no double submit)', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-up');
    const other = new TestClient(t.app);
    await other.get('/sign-up');
    const res = await client.post('/sign-up', { ...signUpFields, _csrf: other.csrfToken });
    expect(res.status).toBe(403);
    expect(await t.db.partnerUser.count()).toBe(0);
  });

  it("refuses another session's token even when planted in the cookie too, and the victim stays signed in", async () => {
    const attacker = new TestClient(t.app);
    await attacker.signUp('attacker');
    await attacker.get('/');
    const victim = new TestClient(t.app);
    await victim.signUp('victim2');
    const victimSid = victim.cookie('partner_sid')!;
    const res = await request(t.app)
      .post('/sign-out')
      .set('Cookie', `partner_sid=${victimSid}; partner_csrf=${attacker.csrfToken}`)
      .type('form')
      .send(form({ _csrf: attacker.csrfToken }));
    expect(res.status).toBe(403);
    expect(await t.db.partnerSession.findUnique({ where: { idHash: sha256Hex(victimSid) } })).not.toBeNull();
    expect((await victim.get('/')).text).toContain('Signed in as victim2');
  });

  it('refuses an anonymous token once signed in', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-up');
    const anonymousToken = client.csrfToken;
    await client.signUp('upgrader');
    const sid = client.cookie('partner_sid')!;
    const stale = await request(t.app)
      .post('/sign-out')
      .set('Cookie', `partner_sid=${sid}; partner_csrf=${anonymousToken}`)
      .type('form')
      .send(form({ _csrf: anonymousToken }));
    expect(stale.status).toBe(403);
    expect(await t.db.partnerSession.findUnique({ where: { idHash: sha256Hex(sid) } })).not.toBeNull();
  });

  it('refuses a foreign Origin or a cross-site request even with a valid token, and accepts our own origin', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-up');
    const body = form({ ...signUpFields, _csrf: client.csrfToken });
    const foreign = await client.agent.post('/sign-up').set('Origin', 'https://evil.example').type('form').send(body);
    expect(foreign.status).toBe(403);
    const opaque = await client.agent.post('/sign-up').set('Origin', 'null').type('form').send(body);
    expect(opaque.status).toBe(403);
    const crossSite = await client.agent.post('/sign-up').set('Sec-Fetch-Site', 'cross-site').type('form').send(body);
    expect(crossSite.status).toBe(403);
    expect(await t.db.partnerUser.count({ where: { username: 'csrf-victim' } })).toBe(0);

    const own = await client.agent.post('/sign-up').set('Origin', testOrigin).set('Sec-Fetch-Site', 'same-origin').type('form').send(body);
    expect(own.status).toBe(303);
    expect(await t.db.partnerUser.count({ where: { username: 'csrf-victim' } })).toBe(1);
  });

  it('refuses a forged sign-in and a forged sign-out without changing anything', async () => {
    const client = new TestClient(t.app);
    await client.signUp('stays-in');
    const sid = client.cookie('partner_sid')!;
    const sessionsBefore = await t.db.partnerSession.count();
    const forgedOut = await client.agent.post('/sign-out').type('form').send(form({ _csrf: 'forged.value' }));
    expect(forgedOut.status).toBe(403);
    const forgedIn = await client.agent.post('/sign-in').type('form').send(form({ login: 'attacker', password: 'a long enough password' }));
    expect(forgedIn.status).toBe(403);
    expect(await t.db.partnerSession.count()).toBe(sessionsBefore);
    expect(client.cookie('partner_sid')).toBe(sid);
    expect((await client.get('/')).text).toContain('Signed in as stays-in');
  });

  it('renders the refusal as a page for a browser, still offering Sign out', async () => {
    const client = new TestClient(t.app);
    await client.signUp('page-reader');
    const res = await client.agent.post('/sign-out').set('Accept', 'text/html').type('form').send(form({}));
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<h1>Not allowed</h1>');
    expect(res.text).toMatch(/<button type="submit"[^>]*>Sign out<\/button>/);
  });
});
