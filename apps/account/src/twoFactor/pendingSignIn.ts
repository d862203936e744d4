import type { Request, Response } from 'express';
import { asBoolean, asDate, asNumber, oneRowStep, sql } from '@recovery/db';
import type { PendingSignIn, SqlResult, SqlStatement, SqlStep, User } from '@recovery/db';
import { hostCookieName, randomToken, readCookie, sha256Hex } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { userFromRow, userColumns } from '../auth/userFromRow.ts';
import { deviceHashOf } from '../auth/rememberDevice.ts';
import { maxFailuresPerPendingSignIn } from './twoFactorLimits.ts';

/**
 * `__Host-pending_signin` under https (Secure, host-only, path `/`), so a sibling subdomain or a
 * plain-http page cannot plant or overwrite it; the plain name over http (development).
 */
function cookieOf(ctx: Pick<AccountContext, 'config'>): { name: string; options: { httpOnly: true; sameSite: 'lax'; secure: boolean; path: string } } {
  const secure = ctx.config.publicOrigin.startsWith('https://');
  return { name: hostCookieName('pending_signin', secure), options: { httpOnly: true, sameSite: 'lax', secure, path: '/' } };
}
const lifetimeMs = 10 * 60_000;

/**
 * After a correct password with 2FA on: a short-lived, server-side record of "password passed",
 * as a statement for the sign-in's transaction and the cookie to set once it commits.
 */
export function pendingSignInStart(ctx: AccountContext, userId: string, knownDevice: boolean): { statement: SqlStatement; setCookie(res: Response): void } {
  const id = randomToken(32);
  const now = ctx.now();
  return {
    statement: sql`INSERT INTO "PendingSignIn" ("idHash", "userId", "failures", "knownDevice", "createdAt", "expiresAt") VALUES (${sha256Hex(id)}, ${userId}, 0, ${knownDevice}, ${now}, ${new Date(now.getTime() + lifetimeMs)})`,
    setCookie(res) {
      const cookie = cookieOf(ctx);
      res.cookie(cookie.name, id, { ...cookie.options, maxAge: lifetimeMs });
    },
  };
}

/** The hash of the pending sign-in id the browser holds, or null when it holds none. */
export function pendingIdHash(ctx: Pick<AccountContext, 'config'>, req: Request): string | null {
  const id = readCookie(req, cookieOf(ctx).name);
  return !id || id.length > 128 ? null : sha256Hex(id);
}

export async function loadPendingSignIn(ctx: AccountContext, req: Request): Promise<PendingSignIn | null> {
  const idHash = pendingIdHash(ctx, req);
  if (!idHash) return null;
  const pending = await ctx.db.pendingSignIn.findUnique({ where: { idHash } });
  if (!pending) return null;
  if (pending.expiresAt <= ctx.now()) {
    await ctx.db.pendingSignIn.deleteMany({ where: { idHash: pending.idHash } });
    return null;
  }
  return pending;
}

/** A pending sign-in with what its second step needs: the user and their factor, read at once. */
export interface PendingSecondStep {
  idHash: string;
  failures: number;
  knownDevice: boolean;
  expiresAt: Date;
  user: User;
  totpSecretEnc: string | null;
  totpEnabled: boolean;
  recoveryCodeSet: string | null;
  /** Whether this browser is one the user has signed in from before. */
  deviceKnown: boolean;
}

/**
 * One query: the pending sign-in `idHash` names, its user and their authenticator factor, and
 * whether this browser is one of theirs (a step with no rule: it goes out with the reservation).
 */
export function pendingSecondStepRead(ctx: AccountContext, req: Request, idHash: string): SqlStep {
  const deviceHash = deviceHashOf(ctx, req);
  return {
    statement: sql`SELECT p."failures", p."knownDevice", p."expiresAt",
${userColumns},
t."totpSecretEnc", t."enabledAt", t."recoveryCodeSet", d."firstSeenAt" AS "deviceSeenAt"
FROM "PendingSignIn" p JOIN "User" u ON u."id" = p."userId" LEFT JOIN "TwoFactor" t ON t."userId" = p."userId"
LEFT JOIN "KnownDevice" d ON d."userId" = p."userId" AND d."deviceHash" = ${deviceHash ?? ''}
WHERE p."idHash" = ${idHash}`,
  };
}

/** The pending sign-in in the read's answer, or null when there is none. */
export function pendingSecondStepFrom(idHash: string, result: SqlResult | undefined): PendingSecondStep | null {
  const row = result?.rows[0];
  if (!row) return null;
  return {
    idHash,
    failures: asNumber(row.failures),
    knownDevice: asBoolean(row.knownDevice),
    expiresAt: asDate(row.expiresAt)!,
    user: userFromRow(row),
    totpSecretEnc: (row.totpSecretEnc as string | null) ?? null,
    totpEnabled: row.enabledAt !== null && row.enabledAt !== undefined,
    recoveryCodeSet: (row.recoveryCodeSet as string | null) ?? null,
    deviceKnown: row.deviceSeenAt !== null && row.deviceSeenAt !== undefined,
  };
}

/**
 * Counts one more code against this sign-in attempt before it is checked (at most five per
 * attempt, whatever the concurrency); refused when the attempt is used up or expired.
 */
export function reservePendingAttemptStep(idHash: string, now: Date): SqlStep {
  return oneRowStep(sql`UPDATE "PendingSignIn" SET "failures" = "failures" + 1 WHERE "idHash" = ${idHash} AND "failures" < ${maxFailuresPerPendingSignIn} AND "expiresAt" > ${now} RETURNING "failures"`);
}

export function deletePendingSignInStatement(idHash: string): SqlStatement {
  return sql`DELETE FROM "PendingSignIn" WHERE "idHash" = ${idHash}`;
}

export function clearPendingSignInCookie(ctx: AccountContext, res: Response): void {
  const cookie = cookieOf(ctx);
  res.clearCookie(cookie.name, cookie.options);
}

export async function endPendingSignIn(ctx: AccountContext, res: Response, idHash: string): Promise<void> {
  await ctx.sql.query(deletePendingSignInStatement(idHash));
  clearPendingSignInCookie(ctx, res);
}
