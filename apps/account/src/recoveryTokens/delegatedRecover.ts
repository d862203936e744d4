import type { Request } from 'express';
import { AppError } from '@recovery/core/errors';
import { decodeCountersignedToken, parseIssuedTime, tokenIdToHex } from '@recovery/core/token/index';
import { encryptSecret, randomToken, sha256Hex } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { PendingSignIn } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { loadPendingSignIn } from '../twoFactor/pendingSignIn.ts';
import { CONTINUE_RECOVERY_PATH } from './delegatedPaths.ts';
import { takeFlow } from './oauthFlows.ts';
import { recoverWithCountersignedToken } from './recoverFlow.ts';
import { recordRecoverError } from './recordRecoverError.ts';
import type { RecoveryDependencies } from './recoveryDependencies.ts';
import { openTokenData } from './tokenData.ts';
import { countRecoveryTicket } from './recoveryTicketLimit.ts';
import { sweepExpiredFlows } from './sweepExpiredFlows.ts';
import { countersignClockSkewMs, countersignMaxAgeMs, maxCountersignedTokenBytes } from './verificationReport.ts';

const ticketLifetimeMs = 5 * 60_000;
const DELEGATED_RECOVER = 'dar-recover';

/**
 * "Recover with <partner>" over the draft's browser protocol: after the password step, to the
 * partner's `recover-account` with our origin as the `issuer` hint and, when the account has a
 * confirmed token there, its `id` (draft §3.4 allows both; darrrr needs the id).
 */
export async function startDelegatedRecovery(ctx: AccountContext, deps: RecoveryDependencies, pending: PendingSignIn): Promise<{ url: URL }> {
  const partner = ctx.config.partner;
  if (!partner) throw new AppError('not_found', 'No recovery partner is configured');
  const configuration = await deps.fetchPartner(partner.url);
  if (!configuration.recoverAccount) throw new AppError('unavailable', 'The recovery partner does not publish a recover-account endpoint');
  const newest = await ctx.db.recoveryToken.findFirst({
    where: { userId: pending.userId, partner: partner.url, state: 'confirmed' },
    orderBy: [{ confirmedAt: 'desc' }, { createdAt: 'desc' }],
    select: { id: true },
  });
  const url = new URL(configuration.recoverAccount);
  url.searchParams.set('issuer', ctx.config.publicOrigin);
  if (newest) url.searchParams.set('id', newest.id);
  return { url };
}

/**
 * `recover-account-return` receives the countersigned token in a cross-site POST, which carries
 * none of this browser's cookies. The token waits here (encrypted, single use, five minutes)
 * under a random ticket, and the browser continues with a same-site GET that does carry the
 * pending sign-in. Anyone can post here, so before a ticket is made: every post counts against
 * its address; the countersignature must be fresh; the token's data must open to one of our
 * accounts whose token it still is (confirmed, never used); and a countersigned token holds at
 * most one live ticket. Expired tickets are swept in bounded batches.
 */
export async function holdCountersignedToken(ctx: AccountContext, countersigned: string, client: ClientInfo): Promise<string> {
  await countRecoveryTicket(ctx, client.ip);
  const refused = () => new AppError('token_rejected', 'That recovery token cannot recover an account here');
  let decoded: { outerId: string; innerId: string; owner: string | null };
  try {
    const { outer, inner } = decodeCountersignedToken(countersigned, { maxBytes: maxCountersignedTokenBytes });
    const age = ctx.now().getTime() - parseIssuedTime(outer.issuedTime).getTime();
    if (age > countersignMaxAgeMs || age < -countersignClockSkewMs) throw refused();
    const innerId = tokenIdToHex(inner.tokenId);
    decoded = { outerId: tokenIdToHex(outer.tokenId), innerId, owner: openTokenData(ctx, innerId, inner.data) };
  } catch {
    throw refused();
  }
  const { outerId, innerId, owner } = decoded;
  if (!owner || !(await ctx.db.recoveryToken.findFirst({ where: { id: innerId, userId: owner, state: 'confirmed' }, select: { id: true } }))) throw refused();
  const now = ctx.now();
  await sweepExpiredFlows(ctx);
  // The flow's tokenId holds the countersigned token's own id: one live ticket per token.
  if (await ctx.db.oAuthFlow.findFirst({ where: { purpose: DELEGATED_RECOVER, tokenId: outerId, expiresAt: { gt: now } }, select: { stateHash: true } })) {
    throw new AppError('conflict', 'This countersigned token is already waiting to be used');
  }
  const ticket = randomToken(32);
  const stateHash = sha256Hex(ticket);
  await ctx.db.oAuthFlow.create({
    data: {
      stateHash,
      purpose: DELEGATED_RECOVER,
      userId: owner,
      tokenId: outerId,
      secretsEnc: encryptSecret(ctx.keys.oauthFlow, JSON.stringify({ countersignedToken: countersigned }), `oauth:${stateHash}`),
      createdAt: now,
      expiresAt: new Date(now.getTime() + ticketLifetimeMs),
    },
  });
  return `${CONTINUE_RECOVERY_PATH}?${new URLSearchParams({ ticket }).toString()}`;
}

/**
 * The same-site half: the browser must hold a pending sign-in (the password step passed) for the
 * account the token recovers, as on the OAuth path; then the same checks, report and request.
 */
export async function continueDelegatedRecovery(ctx: AccountContext, deps: RecoveryDependencies, req: Request, ticket: string, client: ClientInfo): Promise<{ requestId: string }> {
  const { flow, secrets } = await takeFlow(ctx, ticket);
  const countersigned = (secrets as unknown as { countersignedToken?: unknown }).countersignedToken;
  if (flow.purpose !== DELEGATED_RECOVER || typeof countersigned !== 'string') throw new AppError('expired', 'This recovery attempt expired; start again');
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: flow.userId } });
  const pending = await loadPendingSignIn(ctx, req);
  if (!pending || pending.userId !== user.id) {
    await recordRecoverError(ctx, user.id, client, pending ? 'token_owner' : 'sign_in_expired');
    throw new AppError('unauthenticated', 'Enter your password first in this browser, then choose to recover with your partner');
  }
  return recoverWithCountersignedToken(ctx, deps, { user, pendingSignInHash: pending.idHash, countersigned, partnerSubject: undefined }, client);
}
