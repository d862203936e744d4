import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';

describe.each(providersUnderTest)('return_to after signing in on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
    await new TestClient(t.app).signUp('traveller');
  });
  afterAll(async () => {
    await t.close();
  });

  it('carries a safe return_to from the sign-in page into the form and redirects there', async () => {
    const client = new TestClient(t.app);
    const page = await client.get('/sign-in?return_to=%2Finteraction%2Fabc%3Fx%3D1');
    expect(page.text).toContain('<input type="hidden" name="return_to" value="/interaction/abc?x=1">');
    expect(page.text).toContain('href="/sign-up?return_to=%2Finteraction%2Fabc%3Fx%3D1"');
    const res = await client.post('/sign-in', { login: 'traveller', password: 'a long enough password', return_to: '/interaction/abc?x=1' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/interaction/abc?x=1');
  });

  it.each(['//evil.example', 'https://evil.example', '/\\evil.example', '/\t/evil.example'])('ignores return_to=%s and goes home', async (target) => {
    const client = new TestClient(t.app);
    const page = await client.get(`/sign-in?return_to=${encodeURIComponent(target)}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('name="return_to"');
    expect(page.text).not.toContain('evil.example');
    const res = await client.post('/sign-in', { login: 'traveller', password: 'a long enough password', return_to: target });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  it('keeps return_to when the password is wrong, and honours it on sign-up too', async () => {
    const client = new TestClient(t.app);
    const failed = await client.signIn('traveller', 'wrong password', '/interaction/xyz');
    expect(failed.status).toBe(401);
    expect(failed.text).toContain('<input type="hidden" name="return_to" value="/interaction/xyz">');
    const signedUp = await client.signUp('newcomer', 'a long enough password', 'newcomer@example.com', '/interaction/xyz');
    expect(signedUp.status).toBe(303);
    expect(signedUp.headers.location).toBe('/interaction/xyz');
    const unsafe = await new TestClient(t.app).signUp('newcomer2', 'a long enough password', 'newcomer2@example.com', '//evil.example');
    expect(unsafe.headers.location).toBe('/');
  });
});
