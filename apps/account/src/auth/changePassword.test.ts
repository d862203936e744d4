import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';

const password = 'a long enough password';
const newPassword = 'an even longer new password';

describe.each(providersUnderTest)('"Change password" on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  async function signedIn(username: string): Promise<{ laptop: TestClient; phone: TestClient; userId: string }> {
    const laptop = new TestClient(t.app);
    const created = await laptop.signUp(username);
    const phone = new TestClient(t.app);
    expect((await phone.signIn(username)).status).toBe(200);
    return { laptop, phone, userId: created.body.user.id as string };
  }

  const events = (userId: string) => t.db.securityEvent.findMany({ where: { userId, action: 'user.change_password' } });
  const mails = (username: string) => t.db.outboxMessage.count({ where: { recipient: `${username}@example.com`, subject: 'Your password was changed' } });

  it('needs sudo mode and changes nothing without it', async () => {
    const { laptop, userId } = await signedIn('unsure');
    const res = await laptop.post('/api/auth/password', { currentPassword: password, newPassword });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('sudo_required');
    expect((await new TestClient(t.app).signIn('unsure', newPassword)).status).toBe(401);
    expect(await events(userId)).toHaveLength(0);
  });

  it('changes the password, keeps this session, ends the others, records the event and emails the user', async () => {
    const { laptop, phone, userId } = await signedIn('changer');
    await laptop.post('/api/sudo', { password });
    const res = await laptop.post('/api/auth/password', { currentPassword: password, newPassword });
    expect(res.status).toBe(204);

    expect((await laptop.get('/api/session')).body.user?.username).toBe('changer');
    expect((await phone.get('/api/session')).body.user).toBeNull();
    expect((await new TestClient(t.app).signIn('changer', password)).status).toBe(401);
    expect((await new TestClient(t.app).signIn('changer', newPassword)).status).toBe(200);
    const [event] = await events(userId);
    expect(JSON.parse(event!.data)).toEqual({ endedSessions: 1 });
    expect(await mails('changer')).toBe(1);
  });

  it('refuses a wrong current password under "Current password" and changes nothing', async () => {
    const { laptop, phone, userId } = await signedIn('forgetful');
    await laptop.post('/api/sudo', { password });
    const res = await laptop.post('/api/auth/password', { currentPassword: 'not the password', newPassword });
    expect(res.status).toBe(401);
    expect(res.body.error.fields).toEqual([{ path: 'currentPassword', message: 'Incorrect password' }]);
    expect((await phone.get('/api/session')).body.user?.username).toBe('forgetful');
    expect((await new TestClient(t.app).signIn('forgetful', password)).status).toBe(200);
    expect(await events(userId)).toHaveLength(0);
    expect(await mails('forgetful')).toBe(0);
  });

  it('counts wrong current passwords as failed "Confirm access": sudo limits, logged, emailed once, the fifth ends the session, sign-in untouched', async () => {
    const { laptop, userId } = await signedIn('stolen-session');
    expect((await laptop.post('/api/sudo', { password })).status).toBe(200);
    for (let i = 0; i < 4; i++) {
      const res = await laptop.post('/api/auth/password', { currentPassword: `guess ${i}`, newPassword });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_credentials');
    }
    const fifth = await laptop.post('/api/auth/password', { currentPassword: 'guess 4', newPassword });
    expect(fifth.status).toBe(401);
    expect(fifth.body.error.code).toBe('unauthenticated');
    expect((await laptop.get('/api/session')).body.user).toBeNull();
    const failures = await t.db.securityEvent.findMany({ where: { userId, action: 'user.sudo_failure' } });
    expect(failures).toHaveLength(5);
    expect(failures.every((e) => JSON.parse(e.data).method === 'password')).toBe(true);
    expect(await t.db.outboxMessage.count({ where: { recipient: 'stolen-session@example.com', subject: 'Failed attempt to confirm access' } })).toBe(1);
    for (const key of [`signin:user:${userId}`, `signin:user:${userId}:known`]) expect((await t.db.rateLimit.findUnique({ where: { key } }))?.count ?? 0).toBe(0);
    expect(await t.db.rateLimit.findUnique({ where: { key: `sudo:user:${userId}:known` } })).toMatchObject({ count: 5 });
    expect((await new TestClient(t.app).signIn('stolen-session', password)).status).toBe(200);
  });

  it.each([
    [{ currentPassword: password, newPassword: 'short' }, 'newPassword'],
    [{ currentPassword: password, newPassword: password }, 'newPassword'],
    [{ currentPassword: password, newPassword: 'stubborn' }, 'newPassword'],
    [{ currentPassword: password, newPassword: 'password123' }, 'newPassword'],
    [{ currentPassword: password, newPassword: 'qwertyuiop' }, 'newPassword'],
    [{ currentPassword: '', newPassword }, 'currentPassword'],
    [{ newPassword }, 'currentPassword'],
  ])('refuses %j with a 400 on %s and changes nothing', async (body, field) => {
    const client = new TestClient(t.app);
    const created = await client.signUp(`stubborn-${Math.random().toString(36).slice(2, 8)}`);
    const username = created.body.user.username as string;
    await client.post('/api/sudo', { password });
    const sent = body.newPassword === 'stubborn' ? { ...body, newPassword: username } : body;
    const res = await client.post('/api/auth/password', sent);
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect((await new TestClient(t.app).signIn(username, password)).status).toBe(200);
    expect(await events(created.body.user.id)).toHaveLength(0);
  });
});
