import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import { asBoolean, asNumber, sql } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { challengeConditions, maxChallengeLength } from './webAuthnChallenges.ts';
import type { ChallengeBinding } from './webAuthnChallenges.ts';

export type CredentialKind = 'security_key' | 'passkey';

export interface KeyForAssertion {
  id: string;
  userId: string;
  kind: CredentialKind;
  discoverable: boolean;
  nickname: string;
  publicKey: string;
  counter: number;
  transports: string[];
  /** Whether the assertion's challenge is one issued for this binding and not yet spent or expired. */
  challengeLive: boolean;
}

/** The challenge the browser signed, as its client data states it (the library checks the rest). */
export function assertedChallenge(clientDataJSON: string): string {
  try {
    const { challenge } = decodeClientDataJSON(clientDataJSON) as { challenge?: unknown };
    return typeof challenge === 'string' && challenge.length <= maxChallengeLength ? challenge : '';
  } catch {
    return '';
  }
}

/**
 * One read for an assertion: the credential it names and whether its challenge is live. With a
 * user in the binding, only that user's credentials (rule: a credential registered to one user
 * never signs in another); without one (a passkey sign-in, nobody identified yet), only
 * passkeys. Null when no such credential exists.
 */
export async function keyForAssertion(ctx: AccountContext, keyId: string, challenge: string, binding: ChallengeBinding): Promise<KeyForAssertion | null> {
  const whose = binding.userId ? sql`k."userId" = ${binding.userId}` : sql`k."kind" = 'passkey'`;
  const found = await ctx.sql.query(sql`SELECT k."userId", k."kind", k."discoverable", k."nickname", k."publicKey", k."counter", k."transports",
EXISTS (SELECT 1 FROM "WebAuthnChallenge" WHERE ${challengeConditions(challenge, binding, ctx.now())}) AS "challengeLive"
FROM "SecurityKey" k WHERE k."id" = ${keyId} AND ${whose}`);
  const row = found.rows[0];
  if (!row) return null;
  return {
    id: keyId,
    userId: String(row.userId),
    kind: row.kind === 'passkey' ? 'passkey' : 'security_key',
    discoverable: row.discoverable !== null && row.discoverable !== undefined && asBoolean(row.discoverable),
    nickname: String(row.nickname),
    publicKey: String(row.publicKey),
    counter: asNumber(row.counter),
    transports: JSON.parse(String(row.transports)) as string[],
    challengeLive: asBoolean(row.challengeLive),
  };
}
