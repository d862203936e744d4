import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { reserveCheckupAnswerStep } from './reserveCheckupAnswer.ts';

describe.each(providersUnderTest)('the reservation of a check-up answer on %s', (provider) => {
  let t: TestApp;
  let userId: string;
  beforeAll(async () => {
    t = await createTestApp(provider);
    userId = (await new TestClient(t.app, 'Reserve/1.0').signUp('reserver')).body.user.id as string;
  });
  afterAll(async () => {
    await t.close();
  });

  it('is granted once per period, whether or not the prompt row exists, and refused once answered', async () => {
    const period = new Date('2026-01-01T00:00:00.000Z');
    const first = await t.ctx.sql.transaction([reserveCheckupAnswerStep(userId, period, t.clock.now)]);
    expect(first.committed).toBe(true);
    const second = await t.ctx.sql.transaction([reserveCheckupAnswerStep(userId, period, t.clock.now)]);
    expect(second.committed).toBe(false);
    const row = await t.db.twoFactorCheckup.findUnique({ where: { userId_periodStartedAt: { userId, periodStartedAt: period } } });
    expect(row?.failedAt?.getTime()).toBe(t.clock.now.getTime());

    // A period whose row exists unanswered (asked, not yet answered) is reserved by marking it.
    const asked = new Date('2026-02-01T00:00:00.000Z');
    await t.db.twoFactorCheckup.create({ data: { userId, periodStartedAt: asked, promptedAt: period } });
    expect((await t.ctx.sql.transaction([reserveCheckupAnswerStep(userId, asked, t.clock.now)])).committed).toBe(true);
    const marked = await t.db.twoFactorCheckup.findUnique({ where: { userId_periodStartedAt: { userId, periodStartedAt: asked } } });
    expect(marked?.promptedAt?.getTime()).toBe(period.getTime());
    expect(marked?.failedAt?.getTime()).toBe(t.clock.now.getTime());

    // A passed period is answered too.
    await t.db.twoFactorCheckup.update({ where: { userId_periodStartedAt: { userId, periodStartedAt: asked } }, data: { failedAt: null, verifiedAt: t.clock.now } });
    expect((await t.ctx.sql.transaction([reserveCheckupAnswerStep(userId, asked, t.clock.now)])).committed).toBe(false);
  });
});
