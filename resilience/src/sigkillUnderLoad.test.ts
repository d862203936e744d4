import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDb } from '@recovery/db';
import type { AccountDb, Provider } from '@recovery/db';
import { ApiBrowser } from './apiBrowser.ts';
import { passwordStep, signUp } from './accountUsers.ts';
import { Cleanup } from './cleanup.ts';
import { startOneAccountService } from './oneAccountService.ts';
import type { OneAccountService } from './oneAccountService.ts';
import { providersUnderTest } from './providers.ts';
import { startSignUpLoad } from './writeLoad.ts';

describe.each(providersUnderTest)('the account service killed with SIGKILL under a write load (%s)', (provider: Provider) => {
  const cleanup = new Cleanup();
  let one: OneAccountService;
  let origin: string;
  let db: AccountDb;

  beforeAll(async () => {
    one = await startOneAccountService(provider, 'kill', cleanup);
    origin = one.origin;
  });
  afterAll(async () => {
    await db?.$disconnect();
    await cleanup.run();
  });

  let acknowledged: string[] = [];
  let unacknowledged: string[] = [];

  it('is killed while sign-ups are on the wire', async () => {
    const load = startSignUpLoad(origin, `kill${provider.slice(0, 2)}`, 8);
    try {
      // Enough acknowledged writes to mean something, then the kill lands among in-flight ones.
      await load.acknowledgedAtLeast(50);
      const inFlightAtKill = load.inFlight();
      const exit = await one.service.kill('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      expect(inFlightAtKill).toBeGreaterThan(0);
    } finally {
      await load.stop();
    }
    acknowledged = [...load.acknowledged];
    unacknowledged = [...load.unacknowledged];
    expect(acknowledged.length).toBeGreaterThanOrEqual(50);
    // Requests cut off by the kill were never acknowledged.
    expect(unacknowledged.length).toBeGreaterThan(0);
  });

  it('restarts on the same database and has every acknowledged sign-up, whole', async () => {
    await one.restart();
    db = createAccountDb(one.scratch.url, { poolSize: 2 });
    if (provider === 'sqlite') {
      expect(await db.$queryRawUnsafe<Array<{ integrity_check: string }>>('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    }
    const users = await db.user.findMany({ where: { username: { in: acknowledged } }, select: { id: true, username: true } });
    expect(users.map((u) => u.username).sort()).toEqual([...acknowledged].sort());
    const ids = users.map((u) => u.id);
    // Everything the 201 stood for: the security-log entry, the session and the known browser.
    const created = await db.securityEvent.findMany({ where: { userId: { in: ids }, action: 'user.create' }, select: { userId: true } });
    expect(new Set(created.map((e) => e.userId)).size).toBe(ids.length);
    const sessions = await db.session.findMany({ where: { userId: { in: ids } }, select: { userId: true } });
    expect(new Set(sessions.map((s) => s.userId)).size).toBe(ids.length);
    const devices = await db.knownDevice.findMany({ where: { userId: { in: ids } }, select: { userId: true } });
    expect(new Set(devices.map((d) => d.userId)).size).toBe(ids.length);
  });

  it('lets every acknowledged user sign in after the restart', async () => {
    // Two at a time: each sign-in is an argon2 verification.
    const pending = [...acknowledged];
    const failures: string[] = [];
    await Promise.all(
      [0, 1].map(async () => {
        for (let username = pending.pop(); username !== undefined; username = pending.pop()) {
          const res = await passwordStep(new ApiBrowser(origin), username);
          if (res.status !== 200 || (res.json?.user as { username?: string } | undefined)?.username !== username) failures.push(`${username}: ${res.status}`);
        }
      }),
    );
    expect(failures).toEqual([]);
  });

  it('serves new writes after the restart, and an unacknowledged name is either free or fully taken', async () => {
    expect((await signUp(new ApiBrowser(origin), `after${provider.slice(0, 2)}`)).status).toBe(201);
    // A sign-up cut off by the kill may or may not have been written; retrying it must give a
    // definite answer (201, or 409 because it exists), never an error.
    for (const username of unacknowledged.slice(0, 4)) {
      expect([201, 409]).toContain((await signUp(new ApiBrowser(origin), username)).status);
    }
  });
});
