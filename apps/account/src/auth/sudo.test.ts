import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@recovery/core/errors';
import { countStatements } from '@recovery/db';
import { sha256Hex } from '@recovery/http';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { commitsBesidesMail } from '../testing/commitsBesidesMail.ts';
import { requireSudo } from './sudo.ts';
import { sudoKeys } from './sudoLimits.ts';

describe.each(providersUnderTest)('sudo mode on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  it('needs a signed-in user', async () => {
    const res = await new TestClient(t.app).post('/api/sudo', { password: 'whatever' });
    expect(res.status).toBe(401);
  });

  it('refuses a wrong password and stays out of sudo mode', async () => {
    const client = new TestClient(t.app);
    await client.signUp('sudoer');
    const res = await client.post('/api/sudo', { password: 'wrong password' });
    expect(res.status).toBe(401);
    expect(res.body.error.fields[0].path).toBe('password');
    expect((await client.get('/api/session')).body.sudo.active).toBe(false);
  });

  it('enters sudo mode for two hours with a new session id, logged as user.sudo', async () => {
    const client = new TestClient(t.app);
    const signUp = await client.signUp('confirmer');
    const before = client.cookie('sid')!;
    const res = await client.post('/api/sudo', { password: 'a long enough password' });
    expect(res.status).toBe(200);
    expect(res.body.sudo.active).toBe(true);
    expect(new Date(res.body.sudo.expiresAt).getTime() - t.clock.now.getTime()).toBe(2 * 3_600_000);
    expect(client.cookie('sid')).not.toBe(before);
    expect(await t.db.session.findUnique({ where: { idHash: sha256Hex(before) } })).toBeNull();
    const events = await t.db.securityEvent.findMany({ where: { userId: signUp.body.user.id, action: 'user.sudo' } });
    expect(events).toHaveLength(1);

    t.clock.advance(2 * 3_600_000 + 1);
    expect((await client.get('/api/session')).body.sudo.active).toBe(false);
  });

  it('is one unit of work: the reservation, then the outcome (limits settled, session rotated, event), two commits', async () => {
    const client = new TestClient(t.app, 'Unit/1.0');
    const userId = (await client.signUp('sudounit')).body.user.id as string;
    const before = client.cookie('sid')!;
    // Past the session's touch interval would add a commit of its own: stay within it.
    const counted = await countStatements(t.db, () => client.post('/api/sudo', { password: 'a long enough password' }));
    expect(counted.result.status).toBe(200);
    expect(counted.commits, counted.statements.join('\n')).toBe(2);
    expect(await t.db.session.findUnique({ where: { idHash: sha256Hex(before) } })).toBeNull();
    const rotated = await t.db.session.findUnique({ where: { idHash: sha256Hex(client.cookie('sid')!) } });
    expect(rotated?.sudoUntil?.getTime()).toBe(t.clock.now.getTime() + 2 * 3_600_000);
    expect(await t.db.securityEvent.count({ where: { userId, action: 'user.sudo' } })).toBe(1);
    // The session's and the account's counts are forgotten, none is left in flight.
    expect(await t.db.rateLimit.count({ where: { key: { startsWith: 'sudo:' }, inFlight: { gt: 0 } } })).toBe(0);
  });

  it('counts a wrong password in two commits: the reservation, then the failures with their event', async () => {
    const client = new TestClient(t.app, 'UnitWrong/1.0');
    const userId = (await client.signUp('sudounitwrong')).body.user.id as string;
    const counted = await countStatements(t.db, () => client.post('/api/sudo', { password: 'not the password at all' }));
    expect(counted.result.status).toBe(401);
    expect(counted.result.body.error.code).toBe('invalid_credentials');
    expect(commitsBesidesMail(counted), counted.statements.join('\n')).toBe(2);
    expect(await t.db.securityEvent.count({ where: { userId, action: 'user.sudo_failure' } })).toBe(1);
    const sessionRow = await t.db.rateLimit.findUnique({ where: { key: sudoKeys.session(sha256Hex(client.cookie('sid')!)) } });
    expect(sessionRow).toMatchObject({ count: 1, inFlight: 0 });
  });

  it('each sensitive action that succeeds extends sudo mode by the full period; a refused one does not; once lapsed it is refused', async () => {
    const client = new TestClient(t.app);
    await client.signUp('extender');
    await client.post('/api/sudo', { password: 'a long enough password' });
    const session = await t.db.session.findFirstOrThrow({ where: { user: { username: 'extender' } } });
    const entered = session.sudoUntil!.getTime();
    t.clock.advance(90 * 60_000);
    // A refused sensitive request (400: the new password is too short) leaves sudo mode as it was.
    expect((await client.post('/api/auth/password', { currentPassword: 'a long enough password', newPassword: 'short' })).status).toBe(400);
    expect((await t.db.session.findUniqueOrThrow({ where: { idHash: session.idHash } })).sudoUntil!.getTime()).toBe(entered);
    // One that succeeds renews it.
    expect((await client.post('/api/two-factor/setup')).status).toBe(200);
    const extended = await t.db.session.findUniqueOrThrow({ where: { idHash: session.idHash } });
    expect(extended.sudoUntil!.getTime()).toBe(t.clock.now.getTime() + 2 * 3_600_000);
    t.clock.advance(2 * 3_600_000);
    expect(() => requireSudo(t.ctx, extended)).toThrow(expect.objectContaining({ code: 'sudo_required' } satisfies Partial<AppError>));
  });
});
