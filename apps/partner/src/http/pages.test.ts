import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient, textOf } from '../testing/testClient.ts';

/** The label text for each input id on a page. */
function labels(page: string): Record<string, string> {
  return Object.fromEntries([...page.matchAll(/<label for="([^"]+)">([^<]*)<\/label>/g)].map((m) => [m[1]!, m[2]!]));
}

describe.each(providersUnderTest)('partner pages on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, { DISPLAY_NAME: 'Recovery <Partner>' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('labels the sign-up form with the contract words', async () => {
    const page = await request(t.app).get('/sign-up');
    expect(page.status).toBe(200);
    expect(labels(page.text)).toEqual({ 'field-username': 'Username', 'field-email': 'Email', 'field-password': 'Password' });
    expect(page.text).toContain('<form method="post" action="/sign-up"');
    expect(page.text).toContain('<button type="submit">Create account</button>');
    expect(page.text).toMatch(/<input id="field-password" name="password" type="password" autocomplete="new-password"/);
  });

  it('labels the sign-in form with the contract words', async () => {
    const page = await request(t.app).get('/sign-in');
    expect(labels(page.text)).toEqual({ 'field-login': 'Username or email', 'field-password': 'Password' });
    expect(page.text).toContain('<button type="submit">Sign in</button>');
    expect(page.text).toMatch(/<input id="field-password" name="password" type="password" autocomplete="current-password"/);
  });

  it('escapes the configured display name and sets the document basics', async () => {
    const page = await request(t.app).get('/');
    expect(page.text).toContain('Recovery &lt;Partner&gt;');
    expect(page.text).not.toContain('Recovery <Partner>');
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('keeps the Origin header on its own form posts (a no-referrer policy makes Chromium send "null")', async () => {
    const page = await request(t.app).get('/sign-in');
    expect(page.headers['referrer-policy']).toBe('same-origin');
  });

  it('serves pages under a strict CSP with no inline styles or scripts', async () => {
    const page = await request(t.app).get('/sign-up');
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("font-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('https:');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-powered-by']).toBeUndefined();
    expect(page.text).not.toMatch(/<script|style=|<style/);
  });

  it('keeps the flow\'s return_to in the header\'s Sign in and Sign up links', async () => {
    const flow = '/interaction/abc';
    const encoded = new URLSearchParams({ return_to: flow }).toString();
    for (const path of ['/sign-in', '/sign-up']) {
      const page = await request(t.app).get(`${path}?${encoded}`);
      const header = page.text.slice(page.text.indexOf('<header'), page.text.indexOf('</header>'));
      expect(header).toContain(`<a href="/sign-in?${encoded}">Sign in</a>`);
      expect(header).toContain(`<a href="/sign-up?${encoded}">Sign up</a>`);
    }
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const failed = await client.post('/sign-in', { login: 'nobody', password: 'wrong password', return_to: flow });
    expect(failed.status).toBe(401);
    expect(failed.text).toContain(`<a href="/sign-up?${encoded}">Sign up</a>`);
    const unsafe = await request(t.app).get(`/sign-in?${new URLSearchParams({ return_to: '//evil.example' }).toString()}`);
    expect(unsafe.text).toContain('<a href="/sign-up">Sign up</a>');
  });

  it('serves its one stylesheet from its own origin', async () => {
    const page = await request(t.app).get('/');
    expect(page.text).toContain('<link rel="stylesheet" href="/static/partner.css">');
    const css = await request(t.app).get('/static/partner.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.text).toContain('.error-summary');
  });
});

describe.each(providersUnderTest)('the sign-in page for someone already signed in on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  it('still offers the form (re-authentication), with Sign out in the header', async () => {
    
    const client = new TestClient(t.app);
    await client.signUp('already-in');
    const page = await client.get('/sign-in?return_to=/interaction/1');
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain('already signed in to the account already-in');
    expect(textOf(page.text)).not.toContain('Signed in as');
    expect(page.text).toContain('<button type="submit">Sign in</button>');
    expect(page.text).toMatch(/<button type="submit"[^>]*>Sign out<\/button>/);
    const again = await client.post('/sign-in', { login: 'already-in', password: 'a long enough password', return_to: '/interaction/1' });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe('/interaction/1');
  });
});
