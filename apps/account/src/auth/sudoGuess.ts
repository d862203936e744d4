import type { Request, Response } from 'express';
import { AppError } from '@recovery/core/errors';
import { reserveAttempts, successStatement } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import { asNumber, raw, sql } from '@recovery/db';
import type { SqlStep, User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { insertSecurityEventsStatement } from '../securityLog/securityEventStatements.ts';
import type { AccountSession } from '../sessions/accountSessionStore.ts';
import { sudoKeys } from './sudoLimits.ts';
import { deviceHashOf } from './rememberDevice.ts';

function signedOut(): AppError {
  return new AppError('unauthenticated', 'Too many failed attempts to confirm access; sign in again');
}

async function isKnownDevice(ctx: AccountContext, req: Request, userId: string): Promise<boolean> {
  const deviceHash = deviceHashOf(ctx, req);
  return deviceHash !== null && (await ctx.db.knownDevice.count({ where: { userId, deviceHash } })) > 0;
}

interface SudoKeys {
  session: string;
  address: string;
  account: string;
}

/**
 * Reserves one guess on every sudo limit in one transaction (the session's first, so a session
 * that used up its guesses is signed out before anything else is counted). Only a session that
 * has used up its guesses is signed out (rule: a session that keeps guessing ends); any other
 * failure (a database timeout) is answered as it is, and the session lives.
 */
async function reserveSudoAttempt(ctx: AccountContext, req: Request, res: Response, keys: SudoKeys): Promise<void> {
  const { perSession, perAddress, perAccount } = ctx.sudoLimits;
  const reserved = await reserveAttempts(ctx.sql, [perSession.reservation(keys.session)], [
    { limiter: perAddress, key: keys.address },
    { limiter: perAccount, key: keys.account },
  ]);
  if (reserved.granted) return;
  // Five guesses in flight in one session: busy, not locked; try again in a moment.
  if (perSession.verdict(reserved.result) !== 'locked') throw perSession.refusal(ctx.now().getTime() + 1000);
  await ctx.sessions.end(req, res);
  throw signedOut();
}

export interface SudoGuess {
  /** What the failure event records as `method` (password, totp, webauthn). */
  method: string;
  /** Checks the secret; `detail` adds to the failure event (e.g. a key's regressed counter). */
  check(): Promise<{ passed: boolean; detail?: Record<string, string> }>;
  /** The refusal of a wrong secret. */
  refusal(): AppError;
}

/**
 * A secret typed by whoever holds a signed-in session ("Confirm access", the current password at
 * "Change password"). Rule: a stolen session must not lock the owner out. So it counts on sudo's
 * own limits (per session, address and account, the account's known browsers apart; never the
 * sign-in limits), each failure is logged as `user.sudo_failure` and emailed once per series, and
 * the fifth in a session signs it out. Rule "one unit of work": the reservation is one commit,
 * and a failure is another (the counts, the event and, on the fifth, the session's end); once the
 * secret passed, the caller commits the returned settlement with its own outcome.
 */
/** A guess that passed: its settlement, for the caller's outcome, or its release when that outcome fails. */
export interface PassedSudoGuess {
  settle: SqlStep[];
  release(): Promise<void>;
}

export async function checkSudoGuess(ctx: AccountContext, req: Request, res: Response, user: User, session: AccountSession, client: ClientInfo, guess: SudoGuess): Promise<PassedSudoGuess> {
  const keys: SudoKeys = {
    session: sudoKeys.session(session.idHash),
    address: sudoKeys.address(client.ip),
    account: sudoKeys.account(user.id, await isKnownDevice(ctx, req, user.id)),
  };
  const table = ctx.sudoLimits.perSession.table.name;
  await reserveSudoAttempt(ctx, req, res, keys);
  // Nothing was decided: give the reservations back rather than leak them.
  const release = () => ctx.sql.query(successStatement(table, [keys.session, keys.address, keys.account], [])).then(() => undefined, () => undefined);
  let outcome: { passed: boolean; detail?: Record<string, string> };
  try {
    outcome = await guess.check();
  } catch (error) {
    await release();
    throw error;
  }
  // A success forgets the session's and the account's failures; the address's count stays.
  if (outcome.passed) return { settle: [{ statement: successStatement(table, [keys.session, keys.address, keys.account], [keys.session, keys.account]) }], release };

  const { perSession, perAddress, perAccount } = ctx.sudoLimits;
  const now = ctx.now();
  const failed = await ctx.sql.transaction([
    { statement: perSession.failure(keys.session) },
    { statement: perAddress.failure(keys.address) },
    { statement: perAccount.failure(keys.account) },
    { statement: insertSecurityEventsStatement([{ userId: user.id, action: 'user.sudo_failure', client, data: { method: guess.method, ...outcome.detail } }], now) },
    // The fifth failure in a session ends it, in the same commit as the failure that locked it.
    { statement: sql`DELETE FROM "Session" WHERE "idHash" = ${session.idHash} AND EXISTS (SELECT 1 FROM ${raw(`"${table}"`)} WHERE "key" = ${keys.session} AND "lockedUntil" IS NOT NULL AND "lockedUntil" > ${now})` },
  ]);
  const failures = asNumber(failed.results[0]?.rows[0]?.count ?? 0);
  if (failures <= 1) {
    await notifyUser(
      ctx,
      user,
      'Failed attempt to confirm access',
      `Someone signed in to ${user.displayName} failed to confirm access (sudo mode).\nAddress: ${client.ip}\nBrowser: ${client.userAgent || 'unknown'}\nIf this was not you, sign out of every session and change your password now.`,
    );
  }
  if ((failed.results[4]?.changes ?? 0) > 0) {
    ctx.sessions.clearCookie(res);
    throw signedOut();
  }
  throw guess.refusal();
}
