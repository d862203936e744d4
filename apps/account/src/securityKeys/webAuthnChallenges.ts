import { generateChallenge } from '@simplewebauthn/server/helpers';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { raw, sql } from '@recovery/db';
import type { SqlStatement, SqlStep } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { signedChallengeExpiry } from '../passkeys/signedChallenge.ts';

export type ChallengePurpose = 'register' | 'register_passkey' | 'upgrade_passkey' | 'sign_in' | 'passkey_sign_in' | 'sudo';

export const challengeLifetimeMs = 5 * 60_000;
/** Ours are 43 characters (96 when signed); anything much longer is not worth a query. */
export const maxChallengeLength = 200;

export interface ChallengeBinding {
  purpose: ChallengePurpose;
  /** Who it was issued to; "" for a passkey sign-in, where nobody is identified yet. */
  userId: string;
  /** For sign-in: the pending sign-in's id hash, so a challenge cannot cross attempts. */
  bindingHash?: string | null;
  /**
   * Set for challenges signed with this key instead of stored (a passkey sign-in's, handed to
   * anyone before anyone is identified): live while the signature holds, it has not expired and
   * no spent mark names it.
   */
  signedWith?: Uint8Array;
}

/** Live challenges kept per user and purpose (per sign-in attempt for a sign-in): a few tabs' worth. */
export const maxLiveChallenges = 10;

/**
 * A random challenge kept in the database (so any instance can check it), valid five minutes.
 * Rule: nobody makes the challenge table grow without bound. A challenge issued to someone (a
 * session's user, a sign-in attempt) pushes out that binding's oldest beyond `maxLiveChallenges`,
 * so a session can only crowd out its own; a passkey sign-in's, issued to nobody, is not stored
 * at all (signChallenge), and only its spending writes a row. One transaction (one commit): the
 * new row and the push-out. Expired rows are the sweeper's.
 */
export async function issueChallenge(ctx: AccountContext, binding: ChallengeBinding): Promise<string> {
  const challenge = isoBase64URL.fromBuffer(await generateChallenge());
  const now = ctx.now();
  const steps: SqlStep[] = [
    {
      statement: sql`INSERT INTO "WebAuthnChallenge" ("challenge", "purpose", "userId", "bindingHash", "createdAt", "expiresAt")
VALUES (${challenge}, ${binding.purpose}, ${binding.userId}, ${binding.bindingHash ?? null}, ${now}, ${new Date(now.getTime() + challengeLifetimeMs)})`,
    },
  ];
  if (binding.userId) {
    const same = sameBinding(binding);
    steps.push({
      statement: sql`DELETE FROM "WebAuthnChallenge" WHERE ${same} AND "challenge" <> ${challenge} AND "challenge" NOT IN (
SELECT "challenge" FROM (SELECT "challenge" FROM "WebAuthnChallenge" WHERE ${same} AND "challenge" <> ${challenge} ORDER BY "createdAt" DESC, "expiresAt" DESC LIMIT ${maxLiveChallenges - 1}) AS "kept")`,
    });
  }
  await ctx.sql.transaction(steps);
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
 * expires, for what it was issued for): it changes one row only if every condition holds. A
 * stored challenge is deleted; a signed one is marked spent, and a second mark of the same
 * challenge changes nothing. The mark is the sweeper's once the challenge is long expired.
 */
export function spendChallengeStatement(challenge: string, binding: ChallengeBinding, now: Date): SqlStatement {
  if (!binding.signedWith) return sql`DELETE FROM "WebAuthnChallenge" WHERE ${challengeConditions(challenge, binding, now)}`;
  const expiresAt = signedChallengeExpiry(binding.signedWith, challenge, now);
  // Expired (or never ours) by the time it is spent: a step that changes nothing refuses the outcome.
  if (!expiresAt) return sql`DELETE FROM "WebAuthnChallenge" WHERE 1 = 0`;
  // Kept a lifetime past the challenge's expiry: a sweeper on an instance whose clock runs ahead
  // must not delete the mark while an instance whose clock runs behind still takes the challenge.
  const keptUntil = new Date(expiresAt.getTime() + challengeLifetimeMs);
  return sql`INSERT INTO "WebAuthnChallenge" ("challenge", "purpose", "userId", "bindingHash", "createdAt", "expiresAt")
VALUES (${challenge}, ${spentPurpose(binding)}, ${binding.userId}, NULL, ${now}, ${keptUntil}) ON CONFLICT ("challenge") DO NOTHING`;
}

/** What a read asks of the challenge an assertion signed: whether it is live for `binding`. */
export function challengeLive(challenge: string, binding: ChallengeBinding, now: Date): SqlStatement {
  if (!binding.signedWith) return sql`EXISTS (SELECT 1 FROM "WebAuthnChallenge" WHERE ${challengeConditions(challenge, binding, now)})`;
  if (!signedChallengeExpiry(binding.signedWith, challenge, now)) return raw('1 = 0');
  return sql`NOT EXISTS (SELECT 1 FROM "WebAuthnChallenge" WHERE "challenge" = ${challenge})`;
}

/** The purpose a spent signed challenge's mark is stored under ("passkey_sign_in_spent"). */
function spentPurpose(binding: ChallengeBinding): string {
  return `${binding.purpose}_spent`;
}

function sameBinding(binding: ChallengeBinding): SqlStatement {
  const bound = binding.bindingHash ? sql`"bindingHash" = ${binding.bindingHash}` : sql`"bindingHash" IS NULL`;
  return sql`"purpose" = ${binding.purpose} AND "userId" = ${binding.userId} AND ${bound}`;
}

function challengeConditions(challenge: string, binding: ChallengeBinding, now: Date): SqlStatement {
  return sql`"challenge" = ${challenge} AND ${sameBinding(binding)} AND "expiresAt" > ${now}`;
}
