import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import { asBoolean, asNumber, raw, sql } from '@recovery/db';
import type { User } from '@recovery/db';
import { userColumns, userFromRow } from '../auth/userFromRow.ts';
import type { AccountContext } from '../context.ts';
import { challengeLive, maxChallengeLength } from './webAuthnChallenges.ts';
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
  /** Read with the key when asked for (a passkey sign-in). */
  owner?: KeyOwner;
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

/** A passkey's owner and whether this browser is one they have used, read with the key. */
export interface KeyOwner {
  user: User;
  deviceKnown: boolean;
}

/**
 * One read for an assertion: the credential it names and whether its challenge is live (and,
 * given the browser's device hash, its owner). With a user in the binding, only that user's
 * credentials (rule: a credential registered to one user never signs in another); without one
 * (a passkey sign-in, nobody identified yet), only passkeys. Null when no such credential exists.
 */
export async function keyForAssertion(
  ctx: AccountContext,
  keyId: string,
  challenge: string,
  binding: ChallengeBinding,
  ownerSeenBy?: string,
): Promise<KeyForAssertion | null> {
  const whose = binding.userId ? sql`k."userId" = ${binding.userId}` : sql`k."kind" = 'passkey'`;
  const withOwner = ownerSeenBy !== undefined;
  const ownerColumns = withOwner ? sql`, ${userColumns}, d."firstSeenAt" AS "deviceSeenAt"` : raw('');
  const ownerJoin = withOwner ? sql` JOIN "User" u ON u."id" = k."userId" LEFT JOIN "KnownDevice" d ON d."userId" = k."userId" AND d."deviceHash" = ${ownerSeenBy}` : raw('');
  const found = await ctx.sql.query(sql`SELECT k."userId", k."kind", k."discoverable", k."nickname", k."publicKey", k."counter", k."transports",
${challengeLive(challenge, binding, ctx.now())} AS "challengeLive"${ownerColumns}
FROM "SecurityKey" k${ownerJoin} WHERE k."id" = ${keyId} AND ${whose}`);
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
    ...(withOwner ? { owner: { user: userFromRow(row), deviceKnown: row.deviceSeenAt !== null && row.deviceSeenAt !== undefined } } : {}),
  };
}
