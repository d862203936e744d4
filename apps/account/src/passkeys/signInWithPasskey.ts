import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { authenticationResponse } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import { sql } from '@recovery/db';
import type { SqlStep, User } from '@recovery/db';
import { reserveAttempts, successStatement } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { deviceHashOf } from '../auth/rememberDevice.ts';
import { signInOutcome } from '../auth/signInOutcome.ts';
import { userColumns, userFromRow } from '../auth/userFromRow.ts';
import { insertSecurityEventsStatement } from '../securityLog/securityEventStatements.ts';
import { checkSecurityKey, refusedKeyDetail } from '../securityKeys/verifySecurityKey.ts';
import type { SecurityKeyCheck } from '../securityKeys/verifySecurityKey.ts';
import { accountKey } from '../twoFactor/twoFactorLimits.ts';
import { passkeyAddressKey } from './passkeyLimits.ts';
import { passkeySignInBinding } from './passkeySignInOptions.ts';

/** The passkey's owner and whether this browser is one they have used, in one read. */
async function passkeyOwner(ctx: AccountContext, req: Request, userId: string): Promise<{ user: User; deviceKnown: boolean } | null> {
  const { rows } = await ctx.sql.query(sql`SELECT ${userColumns}, d."firstSeenAt" AS "deviceSeenAt"
FROM "User" u LEFT JOIN "KnownDevice" d ON d."userId" = u."id" AND d."deviceHash" = ${deviceHashOf(ctx, req) ?? ''}
WHERE u."id" = ${userId}`);
  const row = rows[0];
  return row ? { user: userFromRow(row), deviceKnown: row.deviceSeenAt !== null && row.deviceSeenAt !== undefined } : null;
}

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
  await reserveAttempts(ctx.sql, [], [{ limiter, key: address }]);

  let check: SecurityKeyCheck;
  let owner: Awaited<ReturnType<typeof passkeyOwner>> = null;
  try {
    check = await checkSecurityKey(ctx, passkeySignInBinding, response, { requireUserVerification: true });
    if (check.ok) owner = await passkeyOwner(ctx, req, check.key.userId);
  } catch (error) {
    // Nothing was decided: give the reservation back rather than leak it.
    await ctx.sql.query(successStatement(table, [address], [])).catch(() => undefined);
    throw error;
  }

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
