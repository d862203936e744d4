import type { RecoveryRequestContext, RecoveryRequestView } from '@recovery/core/api/index';
import type { RecoveryRequest, User } from '@recovery/db';
import type { AccountContext } from '../context.ts';

/** How far back failures and removed factors count. */
const WINDOW_MS = 30 * 24 * 3_600_000;

/** Events that may take a way of passing 2FA away from an account (see takesFactorAway). */
export const FACTOR_REMOVALS = [
  'two_factor_authentication.disabled',
  'two_factor_authentication.remove_factor',
  'two_factor_authentication.update_fallback',
  'account_recovery_token.destroy',
  'two_factor_account_recovery.two_factor_destroy',
];

/** A fallback-number event counts only when a number went (removed, or replaced); adding one takes nothing away. */
function takesFactorAway(event: { action: string; data: string }): boolean {
  if (event.action !== 'two_factor_authentication.update_fallback') return true;
  try {
    return (JSON.parse(event.data) as { change?: unknown }).change !== 'added';
  } catch {
    return true;
  }
}

/**
 * What staff need to judge each listed request, in five queries whatever the list's length:
 * the deciders' usernames, each account's last sign-in, its 2FA failures and removed factors in
 * the last 30 days, and its other recovery requests. Only the list pays for this; verifying a
 * token stays as lean as it was.
 */
export async function recoveryRequestContexts(
  ctx: AccountContext,
  rows: (RecoveryRequest & { user: User })[],
): Promise<{ deciders: Map<string, string>; contexts: Map<string, RecoveryRequestContext> }> {
  const userIds = [...new Set(rows.map((row) => row.userId))];
  const deciderIds = [...new Set(rows.flatMap((row) => (row.decidedBy ? [row.decidedBy] : [])))];
  const since = new Date(ctx.now().getTime() - WINDOW_MS);
  const [deciderRows, signIns, failures, removals, requests] = await Promise.all([
    deciderIds.length ? ctx.db.user.findMany({ where: { id: { in: deciderIds } }, select: { id: true, displayName: true } }) : [],
    ctx.db.securityEvent.findMany({
      where: { userId: { in: userIds }, action: 'user.login' },
      orderBy: { createdAt: 'desc' },
      distinct: ['userId'],
      select: { userId: true, createdAt: true, ip: true, userAgent: true },
    }),
    ctx.db.securityEvent.groupBy({
      by: ['userId'],
      where: { userId: { in: userIds }, action: 'user.two_factor_challenge_failure', createdAt: { gte: since } },
      _count: { _all: true },
    }),
    ctx.db.securityEvent.findMany({
      where: { userId: { in: userIds }, action: { in: FACTOR_REMOVALS }, createdAt: { gte: since } },
      orderBy: { createdAt: 'desc' },
      select: { userId: true, action: true, createdAt: true, data: true },
    }),
    ctx.db.recoveryRequest.findMany({ where: { userId: { in: userIds } }, orderBy: { createdAt: 'desc' }, select: { id: true, userId: true, status: true, createdAt: true } }),
  ]);
  const deciders = new Map(deciderRows.map((user) => [user.id, user.displayName]));
  const contexts = new Map<string, RecoveryRequestContext>();
  for (const row of rows) {
    const signIn = signIns.find((event) => event.userId === row.userId);
    contexts.set(row.id, {
      accountCreatedAt: row.user.createdAt.toISOString(),
      lastSignIn: signIn ? { at: signIn.createdAt.toISOString(), ip: signIn.ip, userAgent: signIn.userAgent } : null,
      twoFactorFailures30Days: failures.find((group) => group.userId === row.userId)?._count._all ?? 0,
      factorsRemoved: removals.filter((event) => event.userId === row.userId && takesFactorAway(event)).map((event) => ({ action: event.action, at: event.createdAt.toISOString() })),
      otherRequests: requests
        .filter((request) => request.userId === row.userId && request.id !== row.id)
        .map((request) => ({ id: request.id, status: request.status as RecoveryRequestView['status'], createdAt: request.createdAt.toISOString() })),
    });
  }
  return { deciders, contexts };
}
