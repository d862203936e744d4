import { AppError } from '@recovery/core/errors';
import { hmacHex, randomToken } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';

export const RECOVERY_CANCEL_PATH = '/recovery/cancel';

function linkHash(ctx: Pick<AccountContext, 'keys'>, token: string): string {
  return hmacHex(ctx.keys.recoveryCancel, token);
}

/**
 * A new single-use link that cancels recovery request `requestId` without signing in (rule: a
 * stranger who keeps the password step locked must not keep the owner from stopping a recovery).
 * Only its keyed hash is stored. It works while the request can still be cancelled: pending, or
 * approved and inside its waiting period.
 */
export async function issueRecoveryCancelLink(ctx: Pick<AccountContext, 'db' | 'keys' | 'now' | 'config'>, requestId: string): Promise<string> {
  const token = randomToken(32);
  await ctx.db.recoveryCancelLink.create({ data: { tokenHash: linkHash(ctx, token), requestId, createdAt: ctx.now() } });
  return `${ctx.config.publicOrigin}${RECOVERY_CANCEL_PATH}?token=${token}`;
}

function cancellable(now: Date) {
  return { OR: [{ status: 'pending' }, { status: 'approved', completesAt: { gt: now } }] };
}

/** Whether `token` still cancels a recovery: read only, for the confirmation page (mail scanners fetch links). */
export async function recoveryCancelLinkValid(ctx: Pick<AccountContext, 'db' | 'keys' | 'now'>, token: string): Promise<boolean> {
  const link = await ctx.db.recoveryCancelLink.findUnique({ where: { tokenHash: linkHash(ctx, token) } });
  if (!link || link.usedAt) return false;
  return (await ctx.db.recoveryRequest.count({ where: { id: link.requestId, ...cancellable(ctx.now()) } })) === 1;
}

/**
 * Cancels the recovery the link was sent for, in one transaction: the link is spent (single use),
 * the request cancelled and `two_factor_account_recovery.abort` logged. Returns the owner, to email.
 */
export async function cancelRecoveryByLink(ctx: Pick<AccountContext, 'db' | 'keys' | 'now'>, token: string, client: ClientInfo): Promise<User> {
  const now = ctx.now();
  const expired = () => new AppError('not_found', 'This link has expired or was already used');
  return ctx.db.$transaction(async (tx) => {
    const tokenHash = linkHash(ctx, token);
    const spent = await tx.recoveryCancelLink.updateMany({ where: { tokenHash, usedAt: null }, data: { usedAt: now } });
    if (spent.count !== 1) throw expired();
    const { requestId } = await tx.recoveryCancelLink.findUniqueOrThrow({ where: { tokenHash } });
    const request = await tx.recoveryRequest.findUniqueOrThrow({ where: { id: requestId }, include: { user: true } });
    const won = await tx.recoveryRequest.updateMany({ where: { id: requestId, ...cancellable(now) }, data: { status: 'cancelled', completesAt: null, decidedAt: now } });
    if (won.count !== 1) throw expired();
    await recordSecurityEvent(ctx, { userId: request.userId, action: 'two_factor_account_recovery.abort', client, data: { request: requestId, via: 'email_link' } }, tx);
    return request.user;
  });
}
