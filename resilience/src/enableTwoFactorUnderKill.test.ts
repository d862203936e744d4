import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDb } from '@recovery/db';
import type { AccountDb, Provider } from '@recovery/db';
import { ApiBrowser } from './apiBrowser.ts';
import { signUpAndStartSetup } from './accountUsers.ts';
import { Cleanup } from './cleanup.ts';
import { startOneAccountService } from './oneAccountService.ts';
import type { OneAccountService } from './oneAccountService.ts';
import { killDuringBurst } from './killDuringBurst.ts';
import { providersUnderTest } from './providers.ts';
import type { TotpDevice } from './totpDevice.ts';
import { twoAtATime } from './twoAtATime.ts';
import { enableOutcomes } from './twoFactorOutcomes.ts';

const bursts = 3;
const perBurst = 12;

interface Enabler {
  username: string;
  browser: ApiBrowser;
  device: TotpDevice;
  acknowledged: boolean;
}

/**
 * Enabling 2FA is one outcome (2FA on, 16 recovery codes, the security-log event): SIGKILLs
 * landing among concurrent enables must leave each account with all of it or none of it.
 */
describe.each(providersUnderTest)('enabling 2FA while the account service is SIGKILLed (%s)', (provider: Provider) => {
  const cleanup = new Cleanup();
  let one: OneAccountService;
  let db: AccountDb;
  const enablers: Enabler[] = [];
  let inFlightAtKills = 0;

  beforeAll(async () => {
    one = await startOneAccountService(provider, 'enable', cleanup);
    db = createAccountDb(one.scratch.url, { poolSize: 2 });
    cleanup.add(() => db.$disconnect());
    const names = Array.from({ length: bursts * perBurst }, (_, i) => `enable${provider.slice(0, 2)}${i}`);
    const prepared = await twoAtATime(names, async (username) => {
      const browser = new ApiBrowser(one.origin);
      return { username, browser, device: await signUpAndStartSetup(browser, username), acknowledged: false };
    });
    enablers.push(...prepared);
  });
  afterAll(() => cleanup.run());

  it(`is killed ${bursts} times, each time while a burst of ${perBurst} enables is in flight`, async () => {
    for (let burst = 0; burst < bursts; burst++) {
      const batch = enablers.slice(burst * perBurst, (burst + 1) * perBurst);
      // Inside the step: the first account of the burst has 2FA on (or the first 200 arrives).
      const users = await db.user.findMany({ where: { username: { in: batch.map((e) => e.username) } }, select: { id: true } });
      const enabledNow = () => db.twoFactor.count({ where: { userId: { in: users.map((u) => u.id) }, enabledAt: { not: null } } });
      const { answers, inFlightAtKill } = await killDuringBurst(
        one.service,
        batch.map((e) => () => e.browser.post('/api/two-factor/enable', { code: e.device.spendCurrent() })),
        async () => (await enabledNow()) > 0,
      );
      answers.forEach((answer, i) => {
        batch[i]!.acknowledged = answer?.status === 200 && (answer.json?.recoveryCodes as unknown[] | undefined)?.length === 16;
      });
      inFlightAtKills += inFlightAtKill;
      await one.restart();
    }
    // The kills landed among enables that had not been answered yet.
    expect(inFlightAtKills).toBeGreaterThan(0);
  });

  it('left every account with 2FA on, its 16 codes and its event, or with none of them', async () => {
    if (provider === 'sqlite') {
      expect(await db.$queryRawUnsafe<Array<{ integrity_check: string }>>('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    }
    const outcomes = await enableOutcomes(db, enablers.map((e) => e.username));
    expect(outcomes).toHaveLength(enablers.length);
    expect(outcomes.filter((o) => o.half !== null).map((o) => o.half)).toEqual([]);
    // 0 acknowledged writes lost: every 200 stands.
    const enabled = new Set(outcomes.filter((o) => o.enabled).map((o) => o.username));
    expect(enablers.filter((e) => e.acknowledged && !enabled.has(e.username)).map((e) => e.username)).toEqual([]);
  });

  it('lets every account whose enable was cut off either see 2FA on or turn it on now', async () => {
    const failures: string[] = [];
    for (const e of enablers.filter((x) => !x.acknowledged)) {
      const status = await e.browser.get('/api/two-factor');
      if (status.json?.enabled === true) {
        if (status.json.recoveryCodesRemaining !== 16) failures.push(`${e.username}: on with ${String(status.json.recoveryCodesRemaining)} codes`);
        continue;
      }
      const retried = await e.browser.post('/api/two-factor/enable', { code: await e.device.nextCode() });
      if (retried.status !== 200) failures.push(`${e.username}: retry answered ${retried.status}`);
    }
    expect(failures).toEqual([]);
    const outcomes = await enableOutcomes(db, enablers.map((e) => e.username));
    expect(outcomes.filter((o) => !o.enabled || o.half !== null)).toEqual([]);
  });
});
