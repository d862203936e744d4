import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAccountService } from '../testing/fakeAccountService.ts';
import type { FakeAccountService } from '../testing/fakeAccountService.ts';
import { insertSavedToken, userIdOf } from '../testing/savedTokens.ts';
import { createTestApp, providersUnderTest, testOrigin } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient, textOf } from '../testing/testClient.ts';

describe.each(providersUnderTest)('the Recovery tokens page on %s', (provider) => {
  let t: TestApp;
  let ap: FakeAccountService;
  let alice: TestClient;
  let bob: TestClient;
  let aliceToken: string;
  let bobToken: string;
  beforeAll(async () => {
    ap = await startFakeAccountService();
    t = await createTestApp(provider, { ACCOUNT_URL: ap.origin });
    alice = new TestClient(t.app);
    await alice.signUp('alice');
    bob = new TestClient(t.app);
    await bob.signUp('bob');
    aliceToken = await insertSavedToken(t.db, await userIdOf(t.db, 'alice'), ap, testOrigin, new Date('2026-11-20T10:15:00Z'));
    await t.db.savedRecoveryToken.update({ where: { id: aliceToken }, data: { lastCountersignedAt: new Date('2026-11-21T08:00:00Z') } });
    bobToken = await insertSavedToken(t.db, await userIdOf(t.db, 'bob'), ap, testOrigin, new Date('2026-11-22T12:00:00Z'));
  });
  afterAll(async () => {
    await t?.close();
    await ap?.close();
  });

  it('sends a visitor to sign in and back', async () => {
    const res = await request(t.app).get('/recovery-tokens').set('Accept', 'text/html');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in?return_to=%2Frecovery-tokens');
  });

  it('lists only the signed-in user’s tokens: site, saved, last used, and a Delete button; never the token', async () => {
    const home = await alice.get('/');
    expect(home.text).toContain('<a href="/recovery-tokens">Recovery tokens</a>');
    const page = await alice.get('/recovery-tokens');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<h1>Recovery tokens</h1>');
    const text = textOf(page.text);
    expect(text).toContain(`${ap.origin} 2026-11-20 10:15 UTC 2026-11-21 08:00 UTC Delete`);
    expect(page.text).toContain(`action="/recovery-tokens/${aliceToken}/delete"`);
    expect(page.text).not.toContain(bobToken);
    const stored = await t.db.savedRecoveryToken.findUniqueOrThrow({ where: { id: aliceToken } });
    expect(page.text).not.toContain(stored.token.slice(0, 40));

    const bobsPage = await bob.get('/recovery-tokens');
    expect(textOf(bobsPage.text)).toContain(`${ap.origin} 2026-11-22 12:00 UTC Never Delete`);
    expect(bobsPage.text).not.toContain(aliceToken);
  });

  it('never deletes another user’s token (404), nor without CSRF (403)', async () => {
    await bob.get('/recovery-tokens');
    const foreign = await bob.post(`/recovery-tokens/${aliceToken}/delete`);
    expect(foreign.status).toBe(404);
    const forged = await alice.post(`/recovery-tokens/${aliceToken}/delete`, { _csrf: 'forged' });
    expect(forged.status).toBe(403);
    const anonymous = await request(t.app).post(`/recovery-tokens/${aliceToken}/delete`).type('form').send('');
    expect(anonymous.status).toBe(403);
    expect(await t.db.savedRecoveryToken.findUnique({ where: { id: aliceToken } })).not.toBeNull();
    const odd = await bob.post('/recovery-tokens/not-a-token-id/delete');
    expect(odd.status).toBe(404);
  });

  it('deletes the user’s own token', async () => {
    await alice.get('/recovery-tokens');
    const res = await alice.post(`/recovery-tokens/${aliceToken}/delete`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/recovery-tokens');
    expect(await t.db.savedRecoveryToken.findUnique({ where: { id: aliceToken } })).toBeNull();
    expect(await t.db.savedRecoveryToken.findUnique({ where: { id: bobToken } })).not.toBeNull();
    expect(textOf((await alice.get('/recovery-tokens')).text)).toContain('You have no recovery tokens yet.');
  });
});
