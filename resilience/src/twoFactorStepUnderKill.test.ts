import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDb } from '@recovery/db';
import type { AccountDb, Provider } from '@recovery/db';
import { ApiBrowser } from './apiBrowser.ts';
import type { ApiResponse } from './apiBrowser.ts';
import { passwordStep, signUpWithTwoFactor } from './accountUsers.ts';
import { startAccountInstances } from './accountInstances.ts';
import type { AccountInstances } from './accountInstances.ts';
import { killDuringBurst } from './killDuringBurst.ts';
import type { TotpDevice } from './totpDevice.ts';
import { twoAtATime } from './twoAtATime.ts';
import { signInOutcomes } from './signInOutcomes.ts';
import type { SignInCounts } from './signInOutcomes.ts';

const bursts = 3;
const perBurst = 12;

interface Attempt {
  username: string;
  device: TotpDevice;
  recoveryCode: string;
  method: 'totp' | 'recovery_code';
  browser: ApiBrowser;
  origin: string;
  acknowledged: boolean;
  before: SignInCounts;
}

/** SQLite always (one instance); PostgreSQL with two instances, one of them killed each time. */
const setups: Array<{ provider: Provider; instances: number }> = [
  { provider: 'sqlite', instances: 1 },
  ...(process.env.TEST_POSTGRES_URL ? [{ provider: 'postgresql' as const, instances: 2 }] : []),
];

/**
 * The 2FA step of a sign-in is one outcome (the code or time step spent, the session, the events,
 * the known browser): SIGKILLs landing among concurrent 2FA steps must leave each attempt with
 * all of it or none of it, and lose nothing that was acknowledged.
 */
describe.each(setups)('the 2FA step while an account-service instance is SIGKILLed ($provider, $instances instance(s))', ({ provider, instances: count }) => {
  let instances: AccountInstances;
  let db: AccountDb;
  const attempts: Attempt[] = [];
  let inFlightAtKills = 0;

  beforeAll(async () => {
    instances = await startAccountInstances(provider, count);
    db = createAccountDb(instances.scratch.url, { poolSize: 2 });
    instances.cleanup.add(() => db.$disconnect());
    const names = Array.from({ length: bursts * perBurst }, (_, i) => `step${provider.slice(0, 2)}${i}`);
    const users = await twoAtATime(names, async (username) => ({ username, ...(await signUpWithTwoFactor(new ApiBrowser(instances.origins[0]!), username)) }));
    const before = await signInOutcomes(db, names);
    attempts.push(
      ...users.map((u, i) => ({
        username: u.username,
        device: u.device,
        recoveryCode: u.recoveryCodes[i % 16]!,
        method: i % 2 === 0 ? ('recovery_code' as const) : ('totp' as const),
        // A browser the owner has not used, from its own address, so no limit is shared.
        browser: new ApiBrowser(instances.origins[0]!, { ip: `198.51.100.${i + 1}` }),
        origin: instances.origins[i % count]!,
        acknowledged: false,
        before: before.get(u.username)!,
      })),
    );
  });
  afterAll(() => instances.cleanup.run());

  const spentCodes = (userIds: string[]) => db.recoveryCode.count({ where: { userId: { in: userIds }, usedAt: { not: null } } });

  it(`is killed ${bursts} times, each time while a burst of ${perBurst} 2FA steps is in flight`, async () => {
    for (let burst = 0; burst < bursts; burst++) {
      const batch = attempts.slice(burst * perBurst, (burst + 1) * perBurst);
      await twoAtATime(batch, async (a) => {
        const res = await passwordStep(a.browser, a.username, a.origin);
        if (res.status !== 200) throw new Error(`password step answered ${res.status}`);
      });
      const codes = await Promise.all(batch.map((a) => (a.method === 'totp' ? a.device.nextCode() : Promise.resolve(a.recoveryCode))));
      const victim = burst % count;
      // Inside the step: the first recovery code of the burst is spent (or the first 200 arrives).
      const users = await db.user.findMany({ where: { username: { in: batch.map((a) => a.username) } }, select: { id: true } });
      const spentBefore = await spentCodes(users.map((u) => u.id));
      const { answers, inFlightAtKill } = await killDuringBurst(
        instances.processes[victim]!,
        batch.map((a, i) => (): Promise<ApiResponse> => a.browser.post('/api/auth/two-factor', { method: a.method, code: codes[i] }, a.origin)),
        async () => (await spentCodes(users.map((u) => u.id))) > spentBefore,
      );
      answers.forEach((answer, i) => {
        batch[i]!.acknowledged = answer?.status === 200;
      });
      inFlightAtKills += inFlightAtKill;
      await instances.restart(victim);
    }
    // The kills landed among 2FA steps that had not been answered yet.
    expect(inFlightAtKills).toBeGreaterThan(0);
  });

  it('left no half outcome: a spent code with its session and events, a session with its events', async () => {
    if (provider === 'sqlite') {
      expect(await db.$queryRawUnsafe<Array<{ integrity_check: string }>>('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    }
    const after = await signInOutcomes(db, attempts.map((a) => a.username));
    const half: string[] = [];
    for (const a of attempts) {
      const now = after.get(a.username)!;
      const d = { sessions: now.sessions - a.before.sessions, logins: now.logins - a.before.logins, successes: now.successes - a.before.successes, recovers: now.recovers - a.before.recovers, spentCodes: now.spentCodes - a.before.spentCodes };
      const succeeded = d.successes;
      const whole =
        (succeeded === 0 || succeeded === 1) &&
        d.sessions === succeeded &&
        d.logins === succeeded &&
        d.recovers === (a.method === 'recovery_code' ? succeeded : 0) &&
        d.spentCodes === (a.method === 'recovery_code' ? succeeded : 0);
      if (!whole) half.push(`${a.username} (${a.method}): ${JSON.stringify(d)}`);
    }
    expect(half).toEqual([]);
    // 0 acknowledged writes lost: every 200 has its session and events.
    const lost = attempts.filter((a) => a.acknowledged && after.get(a.username)!.successes - a.before.successes !== 1).map((a) => a.username);
    expect(lost).toEqual([]);
  });
});
