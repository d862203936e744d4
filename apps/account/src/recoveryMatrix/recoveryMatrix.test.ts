import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import type { FakePartner } from '../testing/fakePartner.ts';
import { matrixStack } from '../testing/matrixStack.ts';
import type { MatrixStack } from '../testing/matrixStack.ts';
import { password } from '../testing/twoFactorHelpers.ts';
import { fullyEquippedAccount, resetPasswordByEmail, tryWay } from '../testing/recoveryMatrixWalker.ts';
import type { WayResult } from '../testing/recoveryMatrixWalker.ts';
import { FACTORS, describeOwnerOutcome, everyLossCombination, ownerOutcome } from './recoveryMatrix.ts';
import type { Lost } from './recoveryMatrix.ts';

const hour = 3_600_000;
const waitingHours = 72;

function rowName(lost: Lost): string {
  const gone = FACTORS.filter((factor) => lost[factor.key]).map((factor) => factor.label);
  return gone.length ? `lost ${gone.join(', ')}` : 'lost nothing';
}

// SQLite only: 128 accounts with every factor; the ways themselves are tested on both databases beside their code.
describe('the recovery matrix: every combination of lost factors, walked through the API', () => {
  let stack: MatrixStack;
  let t: TestApp;
  let partner: FakePartner;
  const approve = (requestId: string) => stack.approve(requestId);

  beforeAll(async () => {
    stack = await matrixStack('matrixdesk', waitingHours);
    ({ t, partner } = stack);
  });
  afterAll(async () => {
    await stack.close();
  });

  const twoFactorAsked = async (name: string, pass: string) => (await new TestClient(t.app, `Probe/${Math.random()}`).signIn(name, pass)).body.twoFactorRequired === true;

  it.each(everyLossCombination().map((lost, index) => ({ lost, index, name: rowName(lost) })))('$name', async ({ lost, index }) => {
    const account = await fullyEquippedAccount(t, `matrix${index}`, partner);
    const outcome = ownerOutcome(lost);
    const pass = lost.password ? await resetPasswordByEmail(t, account) : password;
    const browser = lost.knownBrowsers ? new TestClient(t.app, `Borrowed-${index}/1.0`) : account.knownBrowser;

    if (outcome.way === null) {
      // Cannot: the only request left is filed without a verified device, and support cannot approve it.
      const result = await tryWay(t, partner, account, 'verified_device', browser, pass);
      expect(result).toMatchObject({ kind: 'request', proven: false });
      expect((await approve((result as Extract<WayResult, { kind: 'request' }>).requestId)).status).toBe(409);
      t.clock.advance(2 * waitingHours * hour);
      expect(await twoFactorAsked(account.name, pass)).toBe(true);
      expect(describeOwnerOutcome(outcome)).toMatch(/^Cannot/);
      return;
    }
    const result = await tryWay(t, partner, account, outcome.way.id, browser, pass);
    if (!outcome.way.waits) {
      expect(result.kind).toBe('signed_in');
      return;
    }
    expect(result).toMatchObject({ kind: 'request', proven: true });
    const approved = await approve((result as Extract<WayResult, { kind: 'request' }>).requestId);
    expect(approved.status).toBe(200);
    // Never before the waiting period: at its last millisecond 2FA is still asked.
    t.clock.advance(new Date(approved.body.completesAt as string).getTime() - t.clock.now.getTime() - 1);
    expect(await twoFactorAsked(account.name, pass)).toBe(true);
    t.clock.advance(1);
    const back = await new TestClient(t.app, `Back-${index}/1.0`).signIn(account.name, pass);
    expect(back.status).toBe(200);
    expect(back.body.twoFactorRequired).not.toBe(true);
  });
});
