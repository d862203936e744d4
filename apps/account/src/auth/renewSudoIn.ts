import type { Response } from 'express';
import type { AccountTx } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { requireUser } from './requestAuth.ts';

const renewedUntil = Symbol('sudoRenewedInOutcome');

/** The request's other writes that commit with a rule's change (sudo's renewal), in its transaction. */
export type OutcomeWrites = (tx: AccountTx) => Promise<void>;

/**
 * Sudo's renewal as a write of the sensitive action's own outcome (rule: only an action that
 * succeeded renews sudo mode), so it commits with the action instead of after it, and addRoute
 * does not renew again. The session may have ended meanwhile: then there is nothing to renew.
 */
export async function renewSudoIn(ctx: Pick<AccountContext, 'now' | 'config'>, res: Response, tx: AccountTx): Promise<void> {
  (res.locals as Record<symbol, Date>)[renewedUntil] = await writeSudoRenewal(ctx, tx, requireUser(res).session.idHash);
}

/** Extends the session's sudo mode by the full sudo period, if it still has one; returns the new end. */
export async function writeSudoRenewal(ctx: Pick<AccountContext, 'now' | 'config'>, tx: AccountTx, idHash: string): Promise<Date> {
  const sudoUntil = new Date(ctx.now().getTime() + ctx.config.sudoMs);
  await tx.session.updateMany({ where: { idHash, sudoUntil: { not: null } }, data: { sudoUntil } });
  return sudoUntil;
}

/** When the outcome renewed sudo mode (see renewSudoIn): its new end; otherwise null. */
export function sudoRenewedInOutcome(res: Response): Date | null {
  return (res.locals as Record<symbol, Date | undefined>)[renewedUntil] ?? null;
}
