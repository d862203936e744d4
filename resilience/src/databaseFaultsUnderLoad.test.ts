import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDb, createScratchDatabase, stepTimeoutMs } from '@recovery/db';
import type { AccountDb, Provider, ScratchDatabase } from '@recovery/db';
import { holdWriteLock } from '@recovery/db/testing/externalWriteLock';
import { freePort } from '../../scripts/freePorts.ts';
import { ApiBrowser, errorCode } from './apiBrowser.ts';
import type { ApiResponse } from './apiBrowser.ts';
import { signUp, signUpAndStartSetup, signUpWithTwoFactor } from './accountUsers.ts';
import { Cleanup } from './cleanup.ts';
import { halfDeviceRecovery, startDeviceRecovery } from './deviceRecoveryOutcomes.ts';
import type { Recoverer } from './deviceRecoveryOutcomes.ts';
import { providersUnderTest } from './providers.ts';
import { halfRegeneration } from './regenerationOutcomes.ts';
import type { Regenerator } from './regenerationOutcomes.ts';
import { halfApproval, halfDecline, seedDeviceRequest, seedPendingRequest } from './supportDecisionOutcomes.ts';
import type { Decision } from './supportDecisionOutcomes.ts';
import { startService } from './serviceProcess.ts';
import type { ServiceProcess } from './serviceProcess.ts';
import { accountEnv, loopbackOrigin, newSecretKey } from './serviceEnv.ts';
import { startTcpFaultProxy } from './tcpFaultProxy.ts';
import type { TcpFaultProxy } from './tcpFaultProxy.ts';
import type { TotpDevice } from './totpDevice.ts';
import { twoAtATime } from './twoAtATime.ts';
import { enableOutcomes } from './twoFactorOutcomes.ts';

/** The service's DATABASE_TIMEOUT_MS here. */
const deadlineMs = 3_000;
/** How long better-sqlite3's busy handler used to hold the event loop per write: half the deadline. */
const blockingMs = stepTimeoutMs({ timeoutMs: deadlineMs });
/**
 * What a loaded machine may add before an answer arrives: the deadline once more. A service that
 * waited out each statement's own timeout, or a lock on its event loop, would take several.
 */
const marginMs = deadlineMs;
const perBurst = 8;

interface Answer {
  what: string;
  username?: string;
  status: number | null;
  code: string | undefined;
  ms: number;
  answeredAt: number;
}

/** One request, timed; a reset connection is an answer with no status. */
async function timed(what: string, send: () => Promise<ApiResponse>, username?: string): Promise<Answer> {
  const started = performance.now();
  try {
    const res = await send();
    return { what, username, status: res.status, code: errorCode(res), ms: performance.now() - started, answeredAt: performance.now() };
  } catch {
    return { what, username, status: null, code: undefined, ms: performance.now() - started, answeredAt: performance.now() };
  }
}

interface Enabler {
  username: string;
  browser: ApiBrowser;
  device: TotpDevice;
}

/**
 * Every sign-up is whole: an account that exists has its first security-log entry (one
 * transaction), and one answered 201 also its session and known browser.
 */
async function halfSignUps(db: AccountDb, usernames: string[], acknowledged: Set<string>): Promise<string[]> {
  const users = await db.user.findMany({ where: { username: { in: usernames } }, select: { id: true, username: true } });
  const half: string[] = [];
  for (const user of users) {
    const parts = await Promise.all([
      db.securityEvent.count({ where: { userId: user.id, action: 'user.create' } }),
      db.session.count({ where: { userId: user.id } }),
      db.knownDevice.count({ where: { userId: user.id } }),
    ]);
    const whole = parts[0] === 1 && (!acknowledged.has(user.username) || (parts[1]! > 0 && parts[2]! > 0));
    if (!whole) half.push(`${user.username}: ${parts.join('/')}`);
  }
  return half;
}

/**
 * The account service under enables and sign-ups while its database fails underneath: on
 * PostgreSQL the connection is dropped and then stalled (longer than twice the statement
 * timeout) with transactions in flight; on SQLite another process holds the write lock. No crash,
 * no 500, no half outcome, every answer within the deadline plus a margin, and the process keeps
 * answering /healthz while it waits.
 */
describe.each(providersUnderTest)('database faults under load (%s)', (provider: Provider) => {
  const cleanup = new Cleanup();
  let scratch: ScratchDatabase;
  let proc: ServiceProcess;
  let proxy: TcpFaultProxy | undefined;
  let origin: string;
  let db: AccountDb;
  const enablers: Enabler[] = [];
  const regenerators: Regenerator[] = [];
  const regenerated: Regenerator[] = [];
  /** Support's session (staff, with 2FA) and the pending recovery requests it declines. */
  let staff: ApiBrowser;
  const pending: Decision[] = [];
  const decided: Decision[] = [];
  const proven: Decision[] = [];
  const approved: Decision[] = [];
  const recoverers: Recoverer[] = [];
  const recovered: Recoverer[] = [];
  const answers: Answer[] = [];
  const signUps: string[] = [];
  let next = 0;

  const signUpBurst = (n: number) =>
    Array.from({ length: n }, () => {
      const username = `fault${provider.slice(0, 2)}${next++}`;
      signUps.push(username);
      return timed('sign-up', () => signUp(new ApiBrowser(origin), username), username);
    });
  const enableBurst = () =>
    enablers.splice(0, perBurst).map((e) => timed('enable', () => e.browser.post('/api/two-factor/enable', { code: e.device.spendCurrent() })));
  const declineBurst = () =>
    pending.splice(0, perBurst / 2).map((d) => {
      decided.push(d);
      return timed('decline', async () => {
        const res = await staff.post(`/api/support/recovery-requests/${d.requestId}/decline`, { reason: 'Not the owner' });
        if (res.status === 200) d.answered = String(res.json?.status);
        return res;
      });
    });
  const approvalBurst = () =>
    proven.splice(0, perBurst / 4).map((d) => {
      approved.push(d);
      return timed('approve', async () => {
        const res = await staff.post(`/api/support/recovery-requests/${d.requestId}/approve`);
        if (res.status === 200) d.answered = String(res.json?.status);
        return res;
      });
    });
  const recoveryBurst = () =>
    recoverers.splice(0, perBurst / 4).map((r) => {
      recovered.push(r);
      return timed('recover', async () => {
        const res = await r.browser.post('/api/auth/account-recovery/verify-email', { code: r.code });
        r.answered = res.status === 201;
        return res;
      }, r.username);
    });
  const regenerationBurst = () =>
    regenerators.splice(0, perBurst / 2).map((r) => {
      regenerated.push(r);
      return timed('regenerate', async () => {
        const res = await r.browser.post('/api/two-factor/recovery-codes');
        if (res.status === 200) r.answered = res.json?.recoveryCodes as string[];
        return res;
      }, r.username);
    });

  beforeAll(async () => {
    scratch = await createScratchDatabase(provider, process.env.TEST_POSTGRES_URL, `resilience_dbfaults`);
    cleanup.add(() => scratch.drop());
    let serviceUrl = scratch.url;
    if (provider === 'postgresql') {
      const url = new URL(scratch.url);
      proxy = await startTcpFaultProxy(url.hostname, Number(url.port || 5432));
      cleanup.add(() => proxy?.close());
      url.port = String(proxy.port);
      serviceUrl = url.toString();
    }
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'resilience-dbfaults-'));
    cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    origin = loopbackOrigin(port);
    proc = await startService('account', { ...accountEnv({ port, dataDir, databaseUrl: serviceUrl, secretKey: newSecretKey() }), DATABASE_TIMEOUT_MS: String(deadlineMs), LOG_LEVEL: 'warn' }, origin);
    cleanup.add(() => proc.stop());
    db = createAccountDb(scratch.url, { poolSize: 2 });
    cleanup.add(() => db.$disconnect());
    const names = Array.from({ length: 3 * perBurst }, (_, i) => `faulten${provider.slice(0, 2)}${i}`);
    enablers.push(
      ...(await twoAtATime(names, async (username) => {
        const browser = new ApiBrowser(origin);
        return { username, browser, device: await signUpAndStartSetup(browser, username) };
      })),
    );
    staff = new ApiBrowser(origin);
    await signUpWithTwoFactor(staff, `faultst${provider.slice(0, 2)}`);
    await db.user.update({ where: { username: `faultst${provider.slice(0, 2)}` }, data: { role: 'staff' } });
    const withTwoFactor = Array.from({ length: 3 * (perBurst / 2) }, (_, i) => `faultre${provider.slice(0, 2)}${i}`);
    regenerators.push(
      ...(await twoAtATime(withTwoFactor, async (username) => {
        const browser = new ApiBrowser(origin);
        return { username, browser, before: (await signUpWithTwoFactor(browser, username)).recoveryCodes };
      })),
    );
    // Each of them has also asked for a recovery (of an account with 2FA, as a real request is).
    const owners = await db.user.findMany({ where: { username: { in: withTwoFactor } }, select: { id: true } });
    for (const owner of owners) pending.push(await seedPendingRequest(db, owner.id));
    // Accounts with 2FA whose owners filed a recovery from a verified device: support approves them.
    const recovering = Array.from({ length: 3 * (perBurst / 4) }, (_, i) => `faultap${provider.slice(0, 2)}${i}`);
    await twoAtATime(recovering, (username) => signUpWithTwoFactor(new ApiBrowser(origin), username));
    const approvable = await db.user.findMany({ where: { username: { in: recovering } }, select: { id: true } });
    for (const owner of approvable) proven.push(await seedDeviceRequest(db, owner.id));
    const filing = Array.from({ length: 3 * (perBurst / 4) }, (_, i) => `faultrc${provider.slice(0, 2)}${i}`);
    recoverers.push(...(await twoAtATime(filing, (username) => startDeviceRecovery(db, origin, username))));
  });
  afterAll(() => cleanup.run());

  /** Sign-ups until the service answers them normally again (a service that died fails at once, saying why). */
  async function trafficUntilNormal(): Promise<void> {
    for (;;) {
      expect(proc.child.exitCode, proc.stderr().slice(-4_000)).toBeNull();
      const round = await Promise.all(signUpBurst(2));
      answers.push(...round);
      if (round.every((a) => a.status === 201)) return;
    }
  }

  // The faults each database has (a describe.each per provider would repeat the setup).
  if (provider === 'postgresql') {
    it('drops the connection while enables and sign-ups are in their transactions', async () => {
      const burst = [...enableBurst(), ...regenerationBurst(), ...declineBurst(), ...approvalBurst(), ...recoveryBurst(), ...signUpBurst(4)];
      // Cut as soon as the first answer shows the burst reached the database: the rest are mid-flight.
      await Promise.race(burst);
      proxy!.set('cut');
      answers.push(...(await Promise.all(burst)));
      proxy!.set('none');
      await trafficUntilNormal();
    });

    it('stalls longer than twice the statement timeout, then serves traffic again', async () => {
      const burst = [...enableBurst(), ...regenerationBurst(), ...declineBurst(), ...approvalBurst(), ...recoveryBurst(), ...signUpBurst(4)];
      await Promise.race(burst);
      proxy!.set('stall');
      answers.push(...(await Promise.all(burst)));
      // The stall goes on past twice what a statement may take before traffic resumes.
      const stillStalled = 2 * stepTimeoutMs({ timeoutMs: deadlineMs }) + 250;
      await new Promise((resolve) => setTimeout(resolve, stillStalled));
      proxy!.set('none');
      answers.push(...(await Promise.all([...enableBurst(), ...regenerationBurst(), ...declineBurst(), ...approvalBurst(), ...recoveryBurst()])));
      await trafficUntilNormal();
    });
  }

  if (provider === 'sqlite') {
    it('while another process holds the write lock, writes answer 503 in time and /healthz answers at once', async () => {
      const lock = await holdWriteLock(scratch.url.slice('file:'.length));
      const probes: Array<{ status: number | null; ms: number }> = [];
      let locked: Answer[];
      try {
        let pending = true;
        const burst = Promise.all([...enableBurst(), ...regenerationBurst(), ...declineBurst(), ...approvalBurst(), ...recoveryBurst(), ...signUpBurst(4)]).finally(() => {
          pending = false;
        });
        // /healthz, again and again while the writers wait for the lock.
        while (pending) {
          const started = performance.now();
          const status = await fetch(`${origin}/healthz`).then((res) => res.status, () => null);
          probes.push({ status, ms: performance.now() - started });
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        locked = await burst;
      } finally {
        await lock.release();
      }
      answers.push(...locked);
      expect(locked.map((a) => `${a.what} ${a.status} ${a.code}`)).toEqual(locked.map((a) => `${a.what} 503 unavailable`));
      // The writers waited on timers: no probe waited as long as one blocked write would have held the process.
      expect(probes.length).toBeGreaterThan(1);
      expect(probes.filter((p) => p.status !== 200 || p.ms >= blockingMs)).toEqual([]);
      await trafficUntilNormal();
      // With the lock gone, every kind of outcome goes through (so the wholeness checks see committed ones too).
      const after = await Promise.all([...enableBurst(), ...regenerationBurst(), ...declineBurst(), ...approvalBurst(), ...recoveryBurst()]);
      answers.push(...after);
      expect(after.map((a) => `${a.what} ${a.status}`)).toEqual(after.map((a) => a.what === 'recover' ? `${a.what} 201` : `${a.what} 200`));
    });
  }

  it('did not crash, never answered 500 or reset a connection, and answered within the deadline plus a margin', async () => {
    expect(proc.child.exitCode, proc.stderr().slice(-4_000)).toBeNull();
    expect(answers.filter((a) => a.status === null || (a.status >= 500 && !(a.status === 503 && a.code === 'unavailable'))).map((a) => `${a.what} ${a.status}`)).toEqual([]);
    expect(answers.filter((a) => a.ms > deadlineMs + marginMs).map((a) => `${a.what} ${a.status} ${Math.round(a.ms)} ms`)).toEqual([]);
    expect(answers.filter((a) => a.status === 503).length).toBeGreaterThan(0);
  });

  it('left every enable, regeneration, support decision, recovery and sign-up whole, and the server never saw a BEGIN inside an open transaction', async () => {
    const outcomes = await enableOutcomes(db, Array.from({ length: 3 * perBurst }, (_, i) => `faulten${provider.slice(0, 2)}${i}`));
    expect(outcomes.filter((o) => o.half).map((o) => o.half)).toEqual([]);
    const acknowledged = new Set(answers.filter((a) => a.what === 'sign-up' && a.status === 201).map((a) => a.username!));
    expect(await halfSignUps(db, signUps, acknowledged)).toEqual([]);
    expect(regenerated.length).toBeGreaterThan(0);
    expect((await Promise.all(regenerated.map((r) => halfRegeneration(db, r)))).filter((half) => half !== null)).toEqual([]);
    expect(decided.length).toBeGreaterThan(0);
    expect((await Promise.all(decided.map((d) => halfDecline(db, d)))).filter((half) => half !== null)).toEqual([]);
    expect(approved.length).toBeGreaterThan(0);
    expect((await Promise.all(approved.map((d) => halfApproval(db, d)))).filter((half) => half !== null)).toEqual([]);
    expect(recovered.length).toBeGreaterThan(0);
    expect((await Promise.all(recovered.map((r) => halfDeviceRecovery(db, r)))).filter((half) => half !== null)).toEqual([]);
    expect(proc.stdout()).not.toContain('database server warning');
    if (provider === 'postgresql') {
      const idle = await db.$queryRawUnsafe<Array<{ n: number }>>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'");
      expect(idle[0]?.n).toBe(0);
    }
  });
});
