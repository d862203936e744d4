import type { Request, Response } from 'express';
import type { TwoFactorSignInRequest } from '@recovery/core/api/index';
import { asBoolean, asNumber, sql } from '@recovery/db';
import type { SqlStep, User } from '@recovery/db';
import { verifyPasswordAttempt } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { userFromRow, userColumns } from './userFromRow.ts';
import { completeDueRecoveries } from '../accountRecovery/removeTwoFactorForRecovery.ts';
import { pendingSignInStart } from '../twoFactor/pendingSignIn.ts';
import { deviceHashOf } from './rememberDevice.ts';
import { signInOutcome } from './signInOutcome.ts';

/** A user found by login, with what the password step decides on, read in one query. */
interface SignInCandidate {
  user: User;
  twoFactorOn: boolean;
  deviceKnown: boolean;
  recoveryDue: boolean;
  methods: TwoFactorSignInRequest['method'][];
}

async function findSignInCandidate(ctx: AccountContext, req: Request, login: string): Promise<SignInCandidate | null> {
  const value = login.trim().toLowerCase();
  const now = ctx.now();
  const { rows } = await ctx.sql.query(sql`SELECT ${userColumns},
t."enabledAt" AS "twoFactorOn", d."firstSeenAt" AS "deviceSeenAt",
(SELECT COUNT(*) FROM "SecurityKey" k WHERE k."userId" = u."id") AS "securityKeys",
(SELECT COUNT(*) FROM "FallbackSms" f WHERE f."userId" = u."id" AND f."confirmedAt" IS NOT NULL) AS "fallbackNumbers",
(SELECT COUNT(*) FROM "RecoveryRequest" r WHERE r."userId" = u."id" AND r."status" = 'approved' AND r."completesAt" <= ${now}) AS "recoveriesDue"
FROM "User" u LEFT JOIN "TwoFactor" t ON t."userId" = u."id"
LEFT JOIN "KnownDevice" d ON d."userId" = u."id" AND d."deviceHash" = ${deviceHashOf(ctx, req) ?? ''}
WHERE ${value.includes('@') ? sql`u."email" = ${value}` : sql`u."username" = ${value}`}`);
  const row = rows[0];
  if (!row) return null;
  return {
    user: userFromRow(row),
    twoFactorOn: row.twoFactorOn !== null && row.twoFactorOn !== undefined,
    deviceKnown: row.deviceSeenAt !== null && row.deviceSeenAt !== undefined,
    recoveryDue: asNumber(row.recoveriesDue) > 0 || asBoolean(row.recoveriesDue),
    methods: ['totp', 'recovery_code', ...(asNumber(row.securityKeys) > 0 ? (['webauthn'] as const) : []), ...(asNumber(row.fallbackNumbers) > 0 ? (['sms'] as const) : [])],
  };
}

export type PasswordSignInResult = { twoFactorRequired: true; user: User; methods: TwoFactorSignInRequest['method'][] } | { twoFactorRequired: false; user: User; csrfToken: string };

/**
 * The password step of a sign-in, in at most two commits: the reservation of the guess (see
 * verifyPasswordAttempt), then the outcome in one transaction: the settled limits with either
 * the pending sign-in (2FA on) or the session, its events and the known browser.
 */
export async function signInWithPassword(ctx: AccountContext, req: Request, res: Response, login: string, password: string, client: ClientInfo): Promise<PasswordSignInResult> {
  let candidate = await findSignInCandidate(ctx, req, login);
  const { user, settle } = await verifyPasswordAttempt(ctx.limits, login, candidate?.user ?? null, password, client, candidate?.deviceKnown ?? false);
  let settleSteps: SqlStep[] = [{ statement: settle }];
  if (candidate?.recoveryDue) {
    // An approved recovery whose waiting period is over takes effect before the 2FA check: its
    // own unit of work, after the limits are settled.
    await ctx.sql.query(settle);
    settleSteps = [];
    await completeDueRecoveries(ctx, user.id);
    candidate = await findSignInCandidate(ctx, req, login);
  }
  if (candidate?.twoFactorOn) {
    const pending = pendingSignInStart(ctx, user.id, candidate.deviceKnown);
    // Hot rows last: the settled limits include the per-address row every sign-in from that address updates.
    await ctx.sql.transaction([{ statement: pending.statement }, ...settleSteps]);
    pending.setCookie(res);
    return { twoFactorRequired: true, user, methods: candidate.methods };
  }
  const outcome = signInOutcome(ctx, req, user, client, { knownDevice: candidate?.deviceKnown });
  const done = await ctx.sql.transaction([...outcome.steps, ...settleSteps]);
  return { twoFactorRequired: false, user, csrfToken: await outcome.finish(res, done.results.slice(0, outcome.steps.length)) };
}
