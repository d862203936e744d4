import type { FindAccount } from 'oidc-provider';
import type { PartnerDb } from '@recovery/db';

/**
 * The OIDC account is the partner user; its only claim is `sub` (made pairwise by the
 * provider). The account service never learns a username or an email address here.
 */
export function findAccount(db: PartnerDb): FindAccount {
  return async (_ctx, sub) => {
    const user = await db.partnerUser.findUnique({ where: { id: sub }, select: { id: true } });
    if (!user) return undefined;
    return { accountId: user.id, claims: () => ({ sub: user.id }) };
  };
}
