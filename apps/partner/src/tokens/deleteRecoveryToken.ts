import { AppError } from '@recovery/core/errors';
import type { PartnerContext } from '../context.ts';

/** Deletes one of the user's own tokens; someone else's token is "not found", and stays. */
export async function deleteRecoveryToken(ctx: PartnerContext, userId: string, tokenId: string): Promise<void> {
  const { count } = await ctx.db.savedRecoveryToken.deleteMany({ where: { id: tokenId, userId } });
  if (count === 0) throw new AppError('not_found', 'There is no such recovery token');
  ctx.logger.info({ userId }, 'recovery token deleted');
}
