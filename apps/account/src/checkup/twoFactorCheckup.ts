import type { TwoFactorCheckupView } from '@recovery/core/api/index';
import type { AccountTx } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { CHECKUP_PERIOD_MS, METHOD_CHANGES, SECOND_FACTOR_SUCCESSES } from './checkupEvents.ts';

const SESSION_LAST_DAY_MS = 24 * 3_600_000;

export interface CheckupStatus extends TwoFactorCheckupView {
  /** The period's key in TwoFactorCheckup (null without 2FA). */
  periodStartedAt: Date | null;
}

/**
 * The 2FA check-up of an account, read from the security log (so every way of changing 2FA
 * starts it without the change having to know) and the owner's answer to the prompt: the period
 * starts at the latest change of methods and lasts 28 days; any second factor that works from
 * then on passes it; with none by the end it is due, and a wrong answer to the prompt fails it
 * until 2FA is set up again (which starts a new period). `sessionExpiresAt` is the asking session's
 * absolute expiry.
 */
export async function twoFactorCheckup(ctx: Pick<AccountContext, 'now'> & { db: AccountTx }, userId: string, sessionExpiresAt?: Date): Promise<CheckupStatus> {
  const factor = await ctx.db.twoFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
  if (!factor?.enabledAt) return { state: 'none', startedAt: null, endsAt: null, passedAt: null, periodStartedAt: null };
  const change = await ctx.db.securityEvent.findFirst({ where: { userId, action: { in: METHOD_CHANGES } }, orderBy: { createdAt: 'desc' }, select: { createdAt: true } });
  const startedAt = change && change.createdAt > factor.enabledAt ? change.createdAt : factor.enabledAt;
  const endsAt = new Date(startedAt.getTime() + CHECKUP_PERIOD_MS);
  const [success, answer] = await Promise.all([
    ctx.db.securityEvent.findFirst({ where: { userId, action: { in: SECOND_FACTOR_SUCCESSES }, createdAt: { gte: startedAt } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
    ctx.db.twoFactorCheckup.findUnique({ where: { userId_periodStartedAt: { userId, periodStartedAt: startedAt } } }),
  ]);
  const base = { startedAt: startedAt.toISOString(), endsAt: endsAt.toISOString(), periodStartedAt: startedAt };
  if (success) return { ...base, state: 'passed', passedAt: success.createdAt.toISOString() };
  if (answer?.failedAt) return { ...base, state: 'failed', passedAt: null };
  // Sessions end (14 days by default) before the period does: the last day of a session that will
  // not outlive the period is its last chance to ask, so the check-up is due then too.
  const lastSessionDay = sessionExpiresAt !== undefined && sessionExpiresAt < endsAt && ctx.now().getTime() >= sessionExpiresAt.getTime() - SESSION_LAST_DAY_MS;
  return { ...base, state: ctx.now() >= endsAt || lastSessionDay ? 'due' : 'running', passedAt: null };
}

export function checkupView(status: CheckupStatus): TwoFactorCheckupView {
  return { state: status.state, startedAt: status.startedAt, endsAt: status.endsAt, passedAt: status.passedAt };
}
