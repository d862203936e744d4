import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { authenticationResponse } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import type { SqlStep, User } from '@recovery/db';
import { reserveAttempts, successStatement } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { deviceHashOf } from '../auth/rememberDevice.ts';
import { signInOutcome } from '../auth/signInOutcome.ts';
import { insertSecurityEventsStatement } from '../securityLog/securityEventStatements.ts';
import { checkSecurityKey, readAssertionKey, refusedKeyDetail } from '../securityKeys/verifySecurityKey.ts';
import type { SecurityKeyCheck } from '../securityKeys/verifySecurityKey.ts';
import { accountKey } from '../twoFactor/twoFactorLimits.ts';
import { passkeyAddressKey } from './passkeyLimits.ts';
import { passkeySignInBinding } from './passkeySignInOptions.ts';

const refused = () =>
  new AppError('invalid_credentials', 'The passkey could not be verified; try again or sign in with your password', { fields: [{ path: 'response', message: 'The passkey could not be verified' }] });

/**
 * "Sign in with a passkey": the passkey stands for the password and the second factor (it is a
 * possession factor that verified its user), so it signs in alone. One unit of work in two
 * commits: the reservation of the attempt on the address's counter, before the assertion is
 * checked; then the outcome in one transaction: on success the spent challenge, the moved
 * signature counter, the settled limits, the session, the events and the known browser (the same
 * outcome as every other sign-in); on failure the counted failure and, when the credential is
 * known, an event in its owner's log.
 */
export async function signInWithPasskey(
  ctx: AccountContext,
  req: Request,
  res: Response,
  response: z.output<typeof authenticationResponse>,
  client: ClientInfo,
): Promise<{ user: User; csrfToken: string }> {
  const limiter = ctx.twoFactorLimits.perAddress;
  const table = limiter.table.name;
  const address = passkeyAddressKey(client.ip);
  // The read (the credential, its challenge, its owner and whether this browser is theirs) goes
  // out beside the reservation: a read decides nothing, and the assertion is checked only once
  // the attempt is reserved.
  const binding = passkeySignInBinding(ctx);
  const reading = readAssertionKey(ctx, binding, response, deviceHashOf(ctx, req) ?? '');
  // The reservation's COMMIT need not wait for the disk: no verdict on the assertion is answered
  // before the outcome's or the failure's commit (or the release), which waits for it and flushes
  // the reservation with it (see signInWithSecondFactor).
  const [reserved] = await Promise.allSettled([reserveAttempts(ctx.sql, [], [{ limiter, key: address }], undefined, { flush: 'later' }), reading]);
  if (reserved.status === 'rejected') throw reserved.reason;

  let check: SecurityKeyCheck;
  try {
    check = await checkSecurityKey(ctx, binding, response, { requireUserVerification: true }, reading);
  } catch (error) {
    // Nothing was decided: give the reservation back rather than leak it.
    await ctx.sql.query(successStatement(table, [address], [])).catch(() => undefined);
    throw error;
  }
  const owner = check.ok ? check.key.owner : undefined;

  if (check.ok && owner) {
    const { user, deviceKnown } = owner;
    const outcome = signInOutcome(ctx, req, user, client, { events: [{ userId: user.id, action: 'passkey.sign_in', client, data: { nickname: check.nickname } }], knownDevice: deviceKnown });
    const done = await ctx.sql.transaction([
      ...check.spend,
      ...outcome.steps,
      // The address's attempt ends (a success never resets its count); the owner is back, as after
      // a second factor from a browser they have used, so the account's 2FA failure counts go.
      // Last: the per-address row is shared by every sign-in from that address (hot rows last).
      { statement: successStatement(table, [address], [accountKey(user.id, false), accountKey(user.id, true)]) },
    ]);
    if (done.committed) return { user, csrfToken: await outcome.finish(res, done.results.slice(0, -1)) };
    // The challenge or counter was already spent (a replay, or a racing request): a failure.
  }

  // Whose passkey a refused assertion named, for their log (no email: anyone may send these).
  const ownerId = check.ok ? check.key.userId : check.reason === 'unknown_key' ? null : check.ownerId;
  const steps: SqlStep[] = [];
  if (ownerId) {
    const detail = { reason: check.ok ? 'already_used' : check.reason, ...refusedKeyDetail(ctx, ownerId, response.id, check) };
    steps.push({ statement: insertSecurityEventsStatement([{ userId: ownerId, action: 'passkey.sign_in_failure', client, data: detail }], ctx.now()) });
  }
  await ctx.sql.transaction([...steps, { statement: limiter.failure(address) }]);
  throw refused();
}
