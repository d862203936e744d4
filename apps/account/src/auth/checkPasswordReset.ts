import { sha256Hex } from '@recovery/http';
import type { AccountContext } from '../context.ts';

/** A reset link still works while it is unused and unexpired; checking it changes nothing. */
export async function isPasswordResetLinkValid(ctx: Pick<AccountContext, 'db' | 'now'>, token: string): Promise<boolean> {
  const reset = await ctx.db.passwordReset.findUnique({ where: { tokenHash: sha256Hex(token) }, select: { usedAt: true, expiresAt: true } });
  return reset !== null && reset.usedAt === null && reset.expiresAt > ctx.now();
}
