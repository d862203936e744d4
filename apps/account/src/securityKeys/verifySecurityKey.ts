import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { oneRowStep } from '@recovery/db';
import type { SqlStep } from '@recovery/db';
import type { z } from 'zod';
import type { authenticationResponse } from '@recovery/core/api/index';
import type { AccountContext } from '../context.ts';
import { spendChallengeStatement } from './webAuthnChallenges.ts';
import { assertedChallenge, keyForAssertion } from './keyForAssertion.ts';
import type { KeyForAssertion } from './keyForAssertion.ts';
import type { ChallengeBinding } from './webAuthnChallenges.ts';
import { advanceCounterStatement } from './securityKeyStatements.ts';

type AuthenticationResponse = z.output<typeof authenticationResponse>;

export type SecurityKeyCheck =
  | { ok: true; key: KeyForAssertion; nickname: string; spend: SqlStep[] }
  | { ok: false; reason: 'unknown_key' }
  /** `ownerId`: whose credential the refused assertion named. */
  | { ok: false; reason: 'invalid' | 'user_handle_mismatch'; ownerId: string }
  | { ok: false; reason: 'counter_regressed'; nickname: string; ownerId: string };

/** What an assertion must prove beyond a valid signature over a live challenge. */
export interface AssertionRules {
  /**
   * A passkey stands for the password and the second factor, so its assertion must carry user
   * verification (PIN or biometrics), not presence alone.
   */
  requireUserVerification?: boolean;
  /** Only this credential (an upgrade names the key it upgrades). */
  keyId?: string;
}

/**
 * Rule: a discoverable credential's user handle is the account it was created for; an assertion
 * whose handle names anyone else (or none) signs nobody in.
 */
function userHandleMatches(userHandle: string | undefined, userId: string): boolean {
  if (!userHandle) return false;
  try {
    return new TextDecoder().decode(isoBase64URL.toBuffer(userHandle)) === userId;
  } catch {
    return false;
  }
}

/**
 * Rule: only an assertion the credential really signed shows a regressed counter (a cloned key).
 * The library checks the counter before the signature, so anyone who knows a credential id could
 * otherwise raise a false "cloned key" alarm in its owner's log; the check is run again with the
 * counter out of the way (0) to see whether the signature holds.
 */
async function signedByCredential(verifyIgnoringCounter: () => Promise<{ verified: boolean }>): Promise<boolean> {
  try {
    return (await verifyIgnoringCounter()).verified;
  } catch {
    return false;
  }
}

/**
 * The read `checkSecurityKey` makes (see keyForAssertion), for a caller that sends it beside its
 * reservation (a read decides nothing; the assertion is checked once the attempt is reserved).
 */
export function readAssertionKey(ctx: AccountContext, binding: ChallengeBinding, parsed: AuthenticationResponse, ownerSeenBy?: string): Promise<KeyForAssertion | null> {
  const response = parsed as unknown as AuthenticationResponseJSON;
  return keyForAssertion(ctx, response.id, assertedChallenge(response.response.clientDataJSON), binding, ownerSeenBy);
}

/**
 * Checks an assertion from one of `binding.userId`'s keys (or, with no user in the binding, from
 * any passkey, whose user handle must name its owner) without writing anything: the caller
 * commits `spend` with the rest of its outcome, and the assertion counts only if every step of
 * it changes one row. Rules: the key must belong to that user (a credential registered to one
 * user never signs in another); the challenge is spent on use (deleted with every condition, so
 * "once" holds under concurrent requests); a signature counter that does not move forward (a
 * cloned key) is refused, and moving it is conditional on the counter read here, so two racing
 * assertions cannot both move it. `read`: the key, when the caller started reading it already.
 */
export async function checkSecurityKey(
  ctx: AccountContext,
  binding: ChallengeBinding,
  parsed: AuthenticationResponse,
  rules: AssertionRules = {},
  read?: Promise<KeyForAssertion | null>,
): Promise<SecurityKeyCheck> {
  // Validated against the zod schema (bounded base64url fields); the library checks the rest.
  const response = parsed as unknown as AuthenticationResponseJSON;
  if (rules.keyId !== undefined && response.id !== rules.keyId) return { ok: false, reason: 'unknown_key' };
  const challenge = assertedChallenge(response.response.clientDataJSON);
  const key = await (read ?? keyForAssertion(ctx, response.id, challenge, binding));
  if (!key) return { ok: false, reason: 'unknown_key' };
  if (!binding.userId && !userHandleMatches(response.response.userHandle, key.userId)) return { ok: false, reason: 'user_handle_mismatch', ownerId: key.userId };
  const verify = (counter: number) =>
    verifyAuthenticationResponse({
      response,
      expectedChallenge: (received) => key.challengeLive && received === challenge,
      expectedOrigin: ctx.config.publicOrigin,
      expectedRPID: ctx.config.webAuthn.rpId,
      credential: { id: key.id, publicKey: isoBase64URL.toBuffer(key.publicKey), counter, transports: key.transports },
      requireUserVerification: rules.requireUserVerification ?? false,
    });
  let verification;
  try {
    verification = await verify(key.counter);
  } catch (error) {
    if (error instanceof Error && /counter value/i.test(error.message) && (await signedByCredential(() => verify(0)))) {
      return { ok: false, reason: 'counter_regressed', nickname: key.nickname, ownerId: key.userId };
    }
    return { ok: false, reason: 'invalid', ownerId: key.userId };
  }
  if (!verification.verified) return { ok: false, reason: 'invalid', ownerId: key.userId };
  const spend = [
    oneRowStep(spendChallengeStatement(challenge, binding, ctx.now())),
    oneRowStep(advanceCounterStatement(key.id, key.counter, verification.authenticationInfo.newCounter, ctx.now())),
  ];
  return { ok: true, key, nickname: key.nickname, spend };
}

/** What a refused assertion adds to its failure event: only a regressed counter is worth naming. */
export function refusedKeyDetail(ctx: AccountContext, userId: string, keyId: string, check: SecurityKeyCheck): Record<string, string> {
  if (check.ok || check.reason !== 'counter_regressed') return {};
  ctx.logger.warn({ userId, keyId }, 'security key signature counter went backwards; possible cloned key');
  return { reason: 'counter_regressed', nickname: check.nickname };
}

/** Checks an assertion and spends it at once, for a caller with no outcome of its own to join. */
export async function verifySecurityKey(
  ctx: AccountContext,
  binding: ChallengeBinding,
  parsed: AuthenticationResponse,
): Promise<{ ok: true } | { ok: false; detail: Record<string, string> }> {
  const check = await checkSecurityKey(ctx, binding, parsed);
  if (check.ok && (await ctx.sql.transaction(check.spend)).committed) return { ok: true };
  return { ok: false, detail: refusedKeyDetail(ctx, binding.userId, parsed.id, check) };
}
