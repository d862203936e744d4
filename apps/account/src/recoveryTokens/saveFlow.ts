import { AppError } from '@recovery/core/errors';
import type { ClientInfo } from '@recovery/http';
import type { OAuthFlow, User } from '@recovery/db';
import type { OutcomeWrites } from '../auth/renewSudoIn.ts';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent, securityEventRow } from '../securityLog/recordSecurityEvent.ts';
import { issueRecoveryToken, newRecoveryTokenId } from './issueRecoveryToken.ts';
import { startAuthorization } from './oauthFlows.ts';
import { assertPartnerReachable } from './partnerOAuth.ts';
import { saveTokenWithPartner } from './partnerTokenApi.ts';
import type { RecoveryDependencies } from './recoveryDependencies.ts';

/**
 * "Store new token" → "Connect with <partner>": picks the token id (kept only in the flow until
 * the partner confirms, so an abandoned attempt leaves nothing behind) and sends the user to the
 * partner to authorise saving it.
 */
export async function startSave(ctx: AccountContext, deps: RecoveryDependencies, user: User): Promise<{ url: URL; state: string }> {
  const partner = ctx.config.partner;
  if (!partner) throw new AppError('not_found', 'No recovery partner is configured');
  const configuration = await deps.oauth();
  await assertPartnerReachable(partner.url);
  return startAuthorization(ctx, configuration, { purpose: 'save', userId: user.id, tokenId: newRecoveryTokenId() });
}

/**
 * The callback half: the token is signed now (the partner accepts tokens at most five minutes
 * old), saved through the partner's API with the access token, and recorded here only on
 * save-success, so a failure leaves nothing half-saved on this side.
 */
export async function finishSave(ctx: AccountContext, deps: RecoveryDependencies, flow: OAuthFlow, grant: { accessToken: string; subject: string }, client: ClientInfo): Promise<void> {
  const partner = ctx.config.partner;
  const tokenId = flow.tokenId;
  if (!partner || !tokenId) throw new AppError('conflict', 'This connection attempt is not for saving a token');
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: flow.userId } });
  const configuration = await deps.fetchPartner(partner.url);
  // Every live token of this partner user (pairwise subject: any of our accounts may have saved one).
  const live = await ctx.db.recoveryToken.findMany({ where: { partner: partner.url, partnerSubject: grant.subject, state: 'confirmed' }, select: { id: true }, take: 100 });
  await saveTokenWithPartner(configuration, grant.accessToken, issueRecoveryToken(ctx, user.id, partner.url, tokenId), live.map((token) => token.id));
  await recordConfirmedToken(ctx, user, tokenId, grant.subject, client);
}

/**
 * Records a token the partner said it saved (over either protocol): state `confirmed`, the
 * security-log event and the email. The draft's browser protocol tells no partner subject.
 */
export async function recordConfirmedToken(ctx: AccountContext, user: User, tokenId: string, partnerSubject: string | null, client: ClientInfo): Promise<void> {
  const partner = ctx.config.partner;
  if (!partner) throw new AppError('not_found', 'No recovery partner is configured');
  // The token and its log entry commit together.
  await ctx.db.$transaction([
    ctx.db.recoveryToken.create({
      data: { id: tokenId, userId: user.id, partner: partner.url, partnerSubject, state: 'confirmed', createdAt: ctx.now(), confirmedAt: ctx.now() },
    }),
    ctx.db.securityEvent.create({ data: securityEventRow({ userId: user.id, action: 'account_recovery_token.confirm', client, data: { partner: partner.url } }, ctx.now()) }),
  ]);
  await notifyUser(ctx, user, 'Recovery token stored', `A recovery token for ${user.displayName} is now stored with ${partner.name} (${partner.url}). You can delete it at any time in your security settings.`);
}

/** Rule: a deleted token never recovers; the row stays (state "deleted") so a replay is named as such. */
export async function deleteRecoveryToken(ctx: AccountContext, user: User, tokenId: string, client: ClientInfo, inOutcome: OutcomeWrites): Promise<void> {
  // The token's end, its log entry and `inOutcome` (sudo's renewal) commit together.
  await ctx.db.$transaction(async (tx) => {
    const deleted = await tx.recoveryToken.updateMany({
      where: { id: tokenId, userId: user.id, state: 'confirmed' },
      data: { state: 'deleted', deletedAt: ctx.now() },
    });
    if (deleted.count !== 1) throw new AppError('not_found', 'No such recovery token');
    await recordSecurityEvent(ctx, { userId: user.id, action: 'account_recovery_token.destroy', client, data: { token: tokenId.slice(0, 8) } }, tx);
    await inOutcome(tx);
  });
  const token = await ctx.db.recoveryToken.findUniqueOrThrow({ where: { id: tokenId }, select: { partner: true } });
  await notifyUser(
    ctx,
    user,
    'Recovery token deleted',
    `A recovery token of ${user.displayName} was deleted; it can no longer be used to recover the account. ${token.partner} keeps an unreadable copy until you remove it there, or until you store your next token with it.`,
  );
}
