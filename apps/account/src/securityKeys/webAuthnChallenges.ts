import { generateChallenge } from '@simplewebauthn/server/helpers';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { sql } from '@recovery/db';
import type { SqlStatement } from '@recovery/db';
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

/** A random challenge kept in the database (so any instance can check it), valid five minutes. */
export async function issueChallenge(ctx: AccountContext, binding: ChallengeBinding): Promise<string> {
  const challenge = isoBase64URL.fromBuffer(await generateChallenge());
  const now = ctx.now();
  await ctx.db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: now } } });
  await ctx.db.webAuthnChallenge.create({
    data: { challenge, purpose: binding.purpose, userId: binding.userId, bindingHash: binding.bindingHash ?? null, createdAt: now, expiresAt: new Date(now.getTime() + lifetimeMs) },
  });
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

export function challengeConditions(challenge: string, binding: ChallengeBinding, now: Date): SqlStatement {
  const bound = binding.bindingHash ? sql`"bindingHash" = ${binding.bindingHash}` : sql`"bindingHash" IS NULL`;
  return sql`"challenge" = ${challenge} AND "purpose" = ${binding.purpose} AND "userId" = ${binding.userId} AND ${bound} AND "expiresAt" > ${now}`;
}
