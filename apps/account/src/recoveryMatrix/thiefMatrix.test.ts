import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import type { FakePartner } from '../testing/fakePartner.ts';
import { matrixStack } from '../testing/matrixStack.ts';
import type { MatrixStack } from '../testing/matrixStack.ts';
import { password } from '../testing/twoFactorHelpers.ts';
import { fullyEquippedAccount, resetPasswordByEmail, tryWay } from '../testing/recoveryMatrixWalker.ts';
import { THIEF_HOLDINGS, everyHolding, thiefOutcome } from './thiefMatrix.ts';
import type { Held } from './thiefMatrix.ts';

const hour = 3_600_000;
const waitingHours = 72;

function rowName(held: Held): string {
  const holds = THIEF_HOLDINGS.filter((holding) => held[holding.key]).map((holding) => holding.label);
  return holds.length ? `a thief holding ${holds.join(', ')}` : 'a thief holding nothing';
}

describe('what a thief may hold: never in before the waiting period, never without the owner emailed', () => {
  let stack: MatrixStack;
  let t: TestApp;
  let partner: FakePartner;
  const approve = (requestId: string) => stack.approve(requestId);

  beforeAll(async () => {
    stack = await matrixStack('thiefdesk', waitingHours);
    ({ t, partner } = stack);
  });
  afterAll(async () => {
    await stack.close();
  });
  /** Whether the password alone gets a session now (2FA gone). */
  const inWith = async (name: string, pass: string | null) => {
    if (pass === null) return false;
    const res = await new TestClient(t.app, `Thief-probe/${Math.random()}`).signIn(name, pass);
    return res.status === 200 && res.body.twoFactorRequired !== true;
  };
  const mailsTo = async (email: string, subject: string) => t.db.outboxMessage.count({ where: { recipient: email, subject } });

  it.each(everyHolding().map((held, index) => ({ held, index, name: rowName(held) })))('$name', async ({ held, index }) => {
    const account = await fullyEquippedAccount(t, `thief${index}`, partner);
    const outcome = thiefOutcome(held);
    const startedAt = t.clock.now;
    const pass = outcome.password === 'known' ? password : outcome.password === 'reset' ? await resetPasswordByEmail(t, account) : null;
    if (outcome.password === 'reset') expect(await t.db.outboxMessage.count({ where: { recipient: account.email, subject: 'Your password was changed' } })).toBe(1);
    const browser = held.knownBrowser ? account.knownBrowser : new TestClient(t.app, `Thief-${index}/1.0`);

    if (pass === null) {
      expect((await browser.signIn(account.name, 'a guess at the password')).status).toBe(401);
    } else if (outcome.way === null) {
      // With the password but no way through: a request from here is never approvable.
      const first = await browser.signIn(account.name, pass);
      expect(first.body.twoFactorRequired).toBe(true);
      expect((await browser.post('/api/auth/account-recovery/start')).status).toBe(200);
      // The one-time password went to the owner's inbox, which this thief does not hold (or, holding it, has no verified device).
      if (held.inbox) {
        const filed = await tryWay(t, partner, account, 'verified_device', browser, pass);
        expect(filed).toMatchObject({ kind: 'request', proven: false });
        if (filed.kind === 'request') expect((await approve(filed.requestId)).status).toBe(409);
      } else {
        expect((await browser.post('/api/auth/account-recovery/verify-email', { code: '000000' })).status).not.toBe(201);
      }
    }
    if (outcome.way === null) {
      t.clock.advance(2 * waitingHours * hour);
      expect(await inWith(account.name, pass)).toBe(false);
      return;
    }

    const result = await tryWay(t, partner, account, outcome.way, browser, pass!);
    expect(result).toMatchObject({ kind: 'request', proven: true });
    if (result.kind !== 'request') return;
    expect(await inWith(account.name, pass)).toBe(false);
    const approved = await approve(result.requestId);
    expect(approved.status).toBe(200);
    const completesAt = new Date(approved.body.completesAt as string);
    expect(completesAt.getTime() - startedAt.getTime()).toBeGreaterThanOrEqual(waitingHours * hour);
    t.clock.advance(completesAt.getTime() - t.clock.now.getTime() - 1);
    expect(await inWith(account.name, pass)).toBe(false);
    // Before the thief can be in, the owner has been emailed at the start and at the approval (which names the time).
    expect(await mailsTo(account.email, 'Account recovery started')).toBe(1);
    expect(await mailsTo(account.email, 'Account recovery approved')).toBe(1);
    t.clock.advance(1);
    expect(await inWith(account.name, pass)).toBe(true);
  });
});
