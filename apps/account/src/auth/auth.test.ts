import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '@recovery/db';
import { sha256Hex } from '@recovery/http';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { failNextStatement } from '../testing/failNextStatement.ts';

describe.each(providersUnderTest)('accounts and sessions on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  const actions = async (userId: string): Promise<string[]> =>
    (await t.db.securityEvent.findMany({ where: { userId }, orderBy: { id: 'asc' } })).map((e) => e.action);

  it('signs up with an argon2id hash, a hashed HttpOnly session and log entries', async () => {
    const client = new TestClient(t.app);
    const res = await client.signUp('Mona-Lisa', 'correct horse battery');
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ username: 'Mona-Lisa', email: 'mona-lisa@example.com', role: 'user' });
    const user = await t.db.user.findUniqueOrThrow({ where: { username: 'mona-lisa' } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const sidCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sid='));
    expect(sidCookie).toMatch(/HttpOnly/);
    expect(sidCookie).toMatch(/SameSite=Lax/);
    const sid = client.cookie('sid')!;
    const stored = await t.db.session.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.idHash).toBe(sha256Hex(sid));
    expect(stored[0]!.idHash).not.toContain(sid);
    expect(await actions(user.id)).toEqual(['user.create', 'user.login']);
    const session = await client.get('/api/session');
    expect(session.body.user.username).toBe('Mona-Lisa');
  });

  it('signs up in two commits (the address limit, then the account with its log entries and session); a fault leaves no account', async () => {
    const failing = failNextStatement(t, /INSERT INTO "Session"/);
    const refused = await new TestClient(t.app).signUp('Halfway', 'correct horse battery');
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(failing.failed()).toBe(1);
    // Nothing of the account was kept, so the same sign-up works again rather than "taken".
    expect(await t.db.user.count({ where: { username: 'halfway' } })).toBe(0);
    const client = new TestClient(t.app);
    const counted = await countStatements(t.db, () => client.signUp('Halfway', 'correct horse battery'));
    expect(counted.result.status).toBe(201);
    expect(counted.commits, counted.statements.join("\n")).toBe(2);
    const user = await t.db.user.findUniqueOrThrow({ where: { username: 'halfway' } });
    expect(user).toMatchObject({ displayName: 'Halfway', email: 'halfway@example.com', role: 'user' });
    expect(await actions(user.id)).toEqual(['user.create', 'user.login']);
    expect((await client.get('/api/session')).body.user.username).toBe('Halfway');
  });

  it('settles two sign-ups racing for one username at the unique index: one account, and "taken" for the other', async () => {
    const statuses = await Promise.all([
      new TestClient(t.app).signUp('Racer', 'correct horse battery', 'racer-one@example.com'),
      new TestClient(t.app).signUp('racer', 'correct horse battery', 'racer-two@example.com'),
    ]);
    expect(statuses.map((res) => res.status).sort()).toEqual([201, 409]);
    expect(statuses.find((res) => res.status === 409)?.body.error.code).toBe('username_taken');
    expect(await t.db.user.count({ where: { username: 'racer' } })).toBe(1);
    expect(await t.db.session.count({ where: { user: { username: 'racer' } } })).toBe(1);
  });

  it('refuses a username or email already taken, whatever the case, and creates nothing', async () => {
    const before = await t.db.user.count();
    const a = await new TestClient(t.app).signUp('MONA-lisa', 'another long password', 'other@example.com');
    expect(a.status).toBe(409);
    expect(a.body.error.code).toBe('username_taken');
    const b = await new TestClient(t.app).signUp('someone', 'another long password', 'MONA-LISA@example.com');
    expect(b.status).toBe(409);
    expect(b.body.error.code).toBe('email_taken');
    expect(await t.db.user.count()).toBe(before);
  });

  it('signs in by username or email and rotates the session id', async () => {
    const client = new TestClient(t.app);
    await client.signUp('rotator');
    const firstSid = client.cookie('sid')!;
    const byEmail = await client.signIn('ROTATOR@example.com');
    expect(byEmail.status).toBe(200);
    const secondSid = client.cookie('sid')!;
    expect(secondSid).not.toBe(firstSid);
    expect(await t.db.session.findUnique({ where: { idHash: sha256Hex(firstSid) } })).toBeNull();
    const byName = await client.signIn('rotator');
    expect(byName.status).toBe(200);
    expect(byName.body.user.username).toBe('rotator');
  });

  it('refuses a wrong password without saying whether the account exists', async () => {
    const client = new TestClient(t.app);
    const wrong = await client.signIn('rotator', 'not the password');
    const missing = await client.signIn('nobody-here', 'not the password');
    expect(wrong.status).toBe(401);
    expect(missing.status).toBe(401);
    expect(wrong.body.error).toEqual(missing.body.error);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(client.cookie('sid')).toBeUndefined();
  });

  it('signs out: the session row is gone and the log says so', async () => {
    const client = new TestClient(t.app);
    const res = await client.signUp('leaver');
    const userId = res.body.user.id as string;
    const sid = client.cookie('sid')!;
    // The session's end and its log entry commit together: a failed log write leaves it signed in.
    const failing = failNextStatement(t, /SecurityEvent/);
    expect((await client.post('/api/auth/sign-out')).status).toBeGreaterThanOrEqual(500);
    expect(failing.failed()).toBe(1);
    expect(await t.db.session.findUnique({ where: { idHash: sha256Hex(sid) } })).not.toBeNull();
    expect(await actions(userId)).not.toContain('user.logout');
    expect((await client.post('/api/auth/sign-out')).status).toBe(204);
    expect(await t.db.session.findUnique({ where: { idHash: sha256Hex(sid) } })).toBeNull();
    expect((await client.get('/api/session')).body.user).toBeNull();
    expect(await actions(userId)).toContain('user.logout');
    expect((await client.post('/api/auth/sign-out')).status).toBe(401);
  });

  it('ends sessions after the idle time and after the absolute lifetime', async () => {
    const idle = new TestClient(t.app);
    await idle.signUp('idler');
    t.clock.advance(t.config.session.idleMs + 1_000);
    expect((await idle.get('/api/session')).body.user).toBeNull();

    // The absolute lifetime on a service configured for a short one: a few requests, each within
    // the idle time, keep the session alive until the lifetime ends it.
    const short = await createTestApp(provider, { SESSION_IDLE_MINUTES: '60', SESSION_ABSOLUTE_HOURS: '3' });
    try {
      const busy = new TestClient(short.app);
      await busy.signUp('busy-bee');
      const step = short.config.session.idleMs / 2;
      for (let elapsed = 0; elapsed < short.config.session.absoluteMs; elapsed += step) {
        short.clock.advance(step);
        const res = await busy.get('/api/session');
        if (elapsed + step < short.config.session.absoluteMs) expect(res.body.user?.username).toBe('busy-bee');
        else expect(res.body.user).toBeNull();
      }
    } finally {
      await short.close();
    }
  });

  it('locks the password step after 10 failures, with Retry-After, even for the right password', async () => {
    const client = new TestClient(t.app, 'Guesser/1.0');
    await new TestClient(t.app).signUp('target', 'the real password');
    for (let i = 0; i < 10; i++) expect((await client.signIn('target', `guess ${i}`)).status).toBe(401);
    const locked = await client.signIn('target', 'the real password');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(15 * 60_000 + 1_000);
    expect((await client.signIn('target', 'the real password')).status).toBe(200);
  });

  it('refuses a common password at sign-up in words a person understands, and creates nothing', async () => {
    for (const common of ['password', 'password123', 'qwertyuiop', 'iloveyou1']) {
      const res = await new TestClient(t.app).signUp('commoner', common);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'password_too_common', message: 'This password is too common. Choose one that is hard to guess.' });
      expect(res.body.error.fields).toEqual([{ path: 'password', message: 'This password is too common. Choose one that is hard to guess.' }]);
    }
    expect(await t.db.user.count({ where: { username: 'commoner' } })).toBe(0);
    expect((await new TestClient(t.app).signUp('commoner', 'a long enough password')).status).toBe(201);
  });
});
