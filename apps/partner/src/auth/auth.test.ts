import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '@recovery/http';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient, textOf } from '../testing/testClient.ts';

const setCookies = (res: { headers: Record<string, unknown> }): string[] => ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);

describe.each(providersUnderTest)('partner accounts and sessions on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs up with an argon2id hash and a hashed HttpOnly SameSite=Lax session, then shows who is signed in', async () => {
    const client = new TestClient(t.app);
    const res = await client.signUp('Mona-Lisa', 'correct horse battery');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const user = await t.db.partnerUser.findUniqueOrThrow({ where: { username: 'mona-lisa' } });
    expect(user.displayName).toBe('Mona-Lisa');
    expect(user.email).toBe('mona-lisa@example.com');
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(user.passwordHash).not.toContain('correct horse battery');

    const sidCookie = setCookies(res).find((c) => c.startsWith('partner_sid='));
    expect(sidCookie).toMatch(/HttpOnly/);
    expect(sidCookie).toMatch(/SameSite=Lax/);
    const sid = client.cookie('partner_sid')!;
    expect(sid.length).toBeGreaterThanOrEqual(43);
    const stored = await t.db.partnerSession.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.idHash).toBe(sha256Hex(sid));
    expect(stored[0]!.idHash).not.toContain(sid);
    expect(stored[0]!.authTime?.getTime()).toBe(t.clock.now.getTime());
    expect(stored[0]!.userAgent).toBe('TestBrowser/1.0');

    const home = await client.get('/');
    expect(home.status).toBe(200);
    expect(textOf(home.text)).toContain('Signed in as Mona-Lisa');
    expect(home.text).toMatch(/<button type="submit"[^>]*>Sign out<\/button>/);
  });

  it('shows sign-in and sign-up links, and no Sign out button, to a visitor', async () => {
    const home = await new TestClient(t.app).get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<a href="/sign-in">Sign in</a>');
    expect(home.text).toContain('<a href="/sign-up">Sign up</a>');
    expect(home.text).not.toContain('Sign out');
    expect(textOf(home.text)).not.toContain('Signed in as');
  });

  it('refuses a username or email already taken, whatever the case, with 409 and nothing created', async () => {
    const before = await t.db.partnerUser.count();
    const sessionsBefore = await t.db.partnerSession.count();
    const a = await new TestClient(t.app).signUp('MONA-lisa', 'another long password', 'other@example.com');
    expect(a.status).toBe(409);
    expect(a.text).toContain('Username is already taken');
    const b = await new TestClient(t.app).signUp('someone', 'another long password', 'MONA-LISA@Example.com');
    expect(b.status).toBe(409);
    expect(b.text).toContain('Email is already in use');
    expect(await t.db.partnerUser.count()).toBe(before);
    expect(await t.db.partnerSession.count()).toBe(sessionsBefore);
    expect(setCookies(a).some((c) => c.startsWith('partner_sid='))).toBe(false);
  });

  it('re-renders a failed form accessibly: message by the field, alert summary, typed input kept, password not', async () => {
    const client = new TestClient(t.app);
    const res = await client.signUp('MONA-LISA', 'a secret typed password', 'fresh@example.com');
    expect(res.status).toBe(409);
    expect(res.text).toContain('role="alert"');
    expect(res.text).toMatch(/<input id="field-username" name="username"[^>]*value="MONA-LISA"[^>]*aria-describedby="field-username-hint field-username-error"[^>]*aria-invalid="true">/);
    expect(res.text).toContain('<p class="field-error" id="field-username-error">');
    expect(res.text).toMatch(/<input id="field-email"[^>]*value="fresh@example.com"/);
    expect(res.text).not.toMatch(/<input id="field-email"[^>]*aria-invalid/);
    expect(res.text).not.toContain('a secret typed password');
    expect(res.text).toMatch(/<input id="field-password" name="password" type="password"(?![^>]*value=)[^>]*>/);

    const invalid = await client.submit('/sign-up', '/sign-up', { username: '-bad-', email: 'not-an-email', password: 'short' });
    expect(invalid.status).toBe(400);
    for (const name of ['username', 'email', 'password']) {
      expect(invalid.text).toMatch(new RegExp(`<input id="field-${name}"[^>]*aria-invalid="true"`));
      expect(invalid.text).toContain(`<a href="#field-${name}">`);
    }
    expect(invalid.text).toMatch(/<input id="field-username"[^>]*value="-bad-"/);
    expect(await t.db.partnerUser.count({ where: { email: 'not-an-email' } })).toBe(0);
  });

  it('refuses a password equal to the username', async () => {
    const res = await new TestClient(t.app).signUp('samename1', 'SameName1', 'samename1@example.com');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Password cannot be your username');
    expect(await t.db.partnerUser.count({ where: { username: 'samename1' } })).toBe(0);
  });

  it('signs in by username and by email, rotating the session and setting authTime each time', async () => {
    const client = new TestClient(t.app);
    await client.signUp('rotator');
    const firstSid = client.cookie('partner_sid')!;
    const user = await t.db.partnerUser.findUniqueOrThrow({ where: { username: 'rotator' } });

    t.clock.advance(5 * 60_000);
    const byEmail = await client.signIn('ROTATOR@example.com');
    expect(byEmail.status).toBe(303);
    expect(byEmail.headers.location).toBe('/');
    const secondSid = client.cookie('partner_sid')!;
    expect(secondSid).not.toBe(firstSid);
    expect(await t.db.partnerSession.findUnique({ where: { idHash: sha256Hex(firstSid) } })).toBeNull();
    const second = await t.db.partnerSession.findUniqueOrThrow({ where: { idHash: sha256Hex(secondSid) } });
    expect(second.userId).toBe(user.id);
    expect(second.authTime?.getTime()).toBe(t.clock.now.getTime());

    t.clock.advance(60_000);
    const byName = await client.signIn('Rotator');
    expect(byName.status).toBe(303);
    const thirdSid = client.cookie('partner_sid')!;
    expect(thirdSid).not.toBe(secondSid);
    expect(await t.db.partnerSession.findUnique({ where: { idHash: sha256Hex(secondSid) } })).toBeNull();
    const third = await t.db.partnerSession.findUniqueOrThrow({ where: { idHash: sha256Hex(thirdSid) } });
    expect(third.authTime?.getTime()).toBe(t.clock.now.getTime());
    expect(await t.db.partnerSession.count({ where: { userId: user.id } })).toBe(1);
    expect(textOf((await client.get('/')).text)).toContain('Signed in as rotator');
  });

  it('does not let a session id planted before sign-in survive it (no fixation)', async () => {
    // The attacker's own session cookie ends up in the victim's browser (same cookie jar here).
    const browser = new TestClient(t.app);
    await browser.signUp('fixer');
    const planted = browser.cookie('partner_sid')!;
    const res = await browser.signIn('rotator');
    expect(res.status).toBe(303);
    const fresh = browser.cookie('partner_sid')!;
    expect(fresh).not.toBe(planted);
    expect(await t.db.partnerSession.findUnique({ where: { idHash: sha256Hex(planted) } })).toBeNull();
    // Whoever kept the planted id is not signed in as the victim.
    const attacker = await new TestClient(t.app).agent.get('/').set('Cookie', `partner_sid=${planted}`);
    expect(textOf(attacker.text)).not.toContain('Signed in as');
  });

  it('refuses a wrong password with 401 and the same message as for an unknown user', async () => {
    const client = new TestClient(t.app);
    const wrong = await client.signIn('rotator', 'not the password');
    const missing = await client.signIn('nobody-here', 'not the password');
    const missingEmail = await client.signIn('nobody@example.com', 'not the password');
    for (const res of [wrong, missing, missingEmail]) {
      expect(res.status).toBe(401);
      expect(res.text).toContain('role="alert"');
      expect(textOf(res.text)).toContain('Incorrect username or password');
    }
    const summary = (page: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(page)?.[0];
    expect(summary(wrong.text)).toBe(summary(missing.text));
    expect(wrong.text).toMatch(/<input id="field-login"[^>]*value="rotator"/);
    expect(wrong.text).not.toContain('not the password');
    expect(client.cookie('partner_sid')).toBeUndefined();
  });

  it('locks the password step after 10 failures with 429 and Retry-After, even for the right password', async () => {
    const client = new TestClient(t.app, 'Guesser/1.0', '192.0.2.10');
    await new TestClient(t.app).signUp('target', 'the real password');
    const target = await t.db.partnerUser.findUniqueOrThrow({ where: { username: 'target' } });
    for (let i = 0; i < 10; i++) expect((await client.signIn('target', `guess number ${i}`)).status).toBe(401);
    const locked = await client.signIn('target', 'the real password');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.text).toContain('role="alert"');
    expect(textOf(locked.text)).toContain('Too many failed sign-in attempts for this account');
    expect(client.cookie('partner_sid')).toBeUndefined();
    const row = await t.db.partnerRateLimit.findUniqueOrThrow({ where: { key: `signin:user:${target.id}` } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(t.clock.now.getTime());

    t.clock.advance(15 * 60_000 + 1_000);
    const after = await client.signIn('target', 'the real password');
    expect(after.status).toBe(303);
    expect(client.cookie('partner_sid')).toBeTruthy();
  });

  it('limits failures per address across accounts', async () => {
    const client = new TestClient(t.app, 'Sprayer/1.0', '198.51.100.7');
    for (let i = 0; i < 50; i++) expect((await client.signIn(`nobody-${i}`, 'whatever password')).status).toBe(401);
    const locked = await client.signIn('rotator');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await new TestClient(t.app, 'Other/1.0', '198.51.100.8').signIn('rotator')).status).toBe(303);
    expect(textOf(locked.text)).toContain('Too many failed sign-in attempts from this address');
    t.clock.advance(60 * 60_000 + 1_000);
    expect((await client.signIn('rotator')).status).toBe(303);
  });

  it('signs out: the session row is gone, the cookie cleared, and the home page shows links again', async () => {
    const client = new TestClient(t.app);
    await client.signUp('leaver');
    const sid = client.cookie('partner_sid')!;
    expect(await t.db.partnerSession.findUnique({ where: { idHash: sha256Hex(sid) } })).not.toBeNull();
    const res = await client.signOut();
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(await t.db.partnerSession.findUnique({ where: { idHash: sha256Hex(sid) } })).toBeNull();
    expect(client.cookie('partner_sid')).toBe('');
    const home = await client.get('/');
    expect(textOf(home.text)).not.toContain('Signed in as');
    expect(home.text).toContain('<a href="/sign-in">Sign in</a>');
    // The old cookie is worthless even if replayed.
    const replay = await client.agent.get('/').set('Cookie', `partner_sid=${sid}`);
    expect(textOf(replay.text)).not.toContain('Signed in as');
  });

  it('ends sessions after the idle time and after the absolute lifetime', async () => {
    const idle = new TestClient(t.app);
    await idle.signUp('idler');
    t.clock.advance(t.config.session.idleMs + 1_000);
    expect(textOf((await idle.get('/')).text)).not.toContain('Signed in as');
    expect(await t.db.partnerSession.count({ where: { user: { username: 'idler' } } })).toBe(0);

    // The absolute lifetime on a service configured for a short one: a few requests, each within
    // the idle time, keep the session alive until the lifetime ends it.
    const short = await createTestApp(provider, { SESSION_IDLE_MINUTES: '60', SESSION_ABSOLUTE_HOURS: '3' });
    try {
      const busy = new TestClient(short.app);
      await busy.signUp('busy-bee');
      const step = short.config.session.idleMs / 2;
      for (let elapsed = 0; elapsed < short.config.session.absoluteMs; elapsed += step) {
        short.clock.advance(step);
        const text = textOf((await busy.get('/')).text);
        if (elapsed + step < short.config.session.absoluteMs) expect(text).toContain('Signed in as busy-bee');
        else expect(text).not.toContain('Signed in as');
      }
    } finally {
      await short.close();
    }
  });

  it('refuses a common password at sign-up with a message a person understands, and creates nothing', async () => {
    const res = await new TestClient(t.app).signUp('commoner', 'password123');
    expect(res.status).toBe(400);
    expect(textOf(res.text)).toContain('This password is too common. Choose one that is hard to guess.');
    expect(await t.db.partnerUser.count({ where: { username: 'commoner' } })).toBe(0);
  });
});
