import { generateChallenge } from '@simplewebauthn/server/helpers';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { sql } from '@recovery/db';
import type { SqlStatement, SqlStep } from '@recovery/db';
import type { RateLimiter } from '@recovery/http';
import type { AccountContext } from '../context.ts';

export type ChallengePurpose = 'register' | 'register_passkey' | 'upgrade_passkey' | 'sign_in' | 'passkey_sign_in' | 'sudo';

const lifetimeMs = 5 * 60_000;
/** Ours are 43 characters; anything much longer is not worth a query. */
export const maxChallengeLength = 200;

export interface ChallengeBinding {
  purpose: ChallengePurpose;
  /** Who it was issued to; "" for a passkey sign-in, where nobody is identified yet. */
  userId: string;
  /** For sign-in: the pending sign-in's id hash, so a challenge cannot cross attempts. */
  bindingHash?: string | null;
}

/** Live challenges kept per user and purpose (per sign-in attempt for a sign-in): a few tabs' worth. */
export const maxLiveChallenges = 10;

/**
 * A random challenge kept in the database (so any instance can check it), valid five minutes.
 * Rule: nobody makes the challenge table grow without bound. A challenge issued to someone (a
 * session's user, a sign-in attempt) pushes out that binding's oldest beyond `maxLiveChallenges`,
 * so a session can only crowd out its own; a passkey sign-in's, issued to nobody, are bounded per
 * address instead (passkeyChallengeLimit).
 */
/** A limit the issuing counts on, in the same transaction: one more on `key`, refused while locked. */
export interface IssueLimit {
  limiter: RateLimiter;
  key: string;
}

/**
 * Issues a challenge in one transaction (one commit): the limit's count, the new row and, for a
 * binding with a user, the push-out of that binding's oldest. Expired rows are the sweeper's.
 */
export async function issueChallenge(ctx: AccountContext, binding: ChallengeBinding, limit?: IssueLimit): Promise<string> {
  const challenge = isoBase64URL.fromBuffer(await generateChallenge());
  const now = ctx.now();
  const steps: SqlStep[] = limit ? [limit.limiter.reservation(limit.key), { statement: limit.limiter.failure(limit.key) }] : [];
  steps.push({
    statement: sql`INSERT INTO "WebAuthnChallenge" ("challenge", "purpose", "userId", "bindingHash", "createdAt", "expiresAt")
VALUES (${challenge}, ${binding.purpose}, ${binding.userId}, ${binding.bindingHash ?? null}, ${now}, ${new Date(now.getTime() + lifetimeMs)})`,
  });
  if (binding.userId) {
    const same = sameBinding(binding);
    steps.push({
      statement: sql`DELETE FROM "WebAuthnChallenge" WHERE ${same} AND "challenge" <> ${challenge} AND "challenge" NOT IN (
SELECT "challenge" FROM (SELECT "challenge" FROM "WebAuthnChallenge" WHERE ${same} AND "challenge" <> ${challenge} ORDER BY "createdAt" DESC, "expiresAt" DESC LIMIT ${maxLiveChallenges - 1}) AS "kept")`,
    });
  }
  const result = await ctx.sql.transaction(steps);
  if (!result.committed && limit) throw limit.limiter.refusalFor(result.results[0]!);
  return challenge;
}

/**
 * Rule: a challenge works once, before it expires, for what it was issued for. Deleting it with
 * every condition in one statement makes "once" hold under concurrent requests too.
 */
export async function consumeChallenge(ctx: AccountContext, challenge: string, binding: ChallengeBinding): Promise<boolean> {
  if (challenge.length > maxChallengeLength) return false;
  return (await ctx.sql.query(spendChallengeStatement(challenge, binding, ctx.now()))).changes === 1;
}

/**
 * Spends a challenge inside the caller's outcome (rule: a challenge works once, before it
 * expires, for what it was issued for): it changes one row only if every condition holds.
 */
export function spendChallengeStatement(challenge: string, binding: ChallengeBinding, now: Date): SqlStatement {
  return sql`DELETE FROM "WebAuthnChallenge" WHERE ${challengeConditions(challenge, binding, now)}`;
}

function sameBinding(binding: ChallengeBinding): SqlStatement {
  const bound = binding.bindingHash ? sql`"bindingHash" = ${binding.bindingHash}` : sql`"bindingHash" IS NULL`;
  return sql`"purpose" = ${binding.purpose} AND "userId" = ${binding.userId} AND ${bound}`;
}

export function challengeConditions(challenge: string, binding: ChallengeBinding, now: Date): SqlStatement {
  return sql`"challenge" = ${challenge} AND ${sameBinding(binding)} AND "expiresAt" > ${now}`;
}
