import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { ClientInfo } from '@recovery/http';
import type { z } from 'zod';
import type { authenticationResponse } from '@recovery/core/api/index';
import type { AccountContext } from '../context.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { consumeChallenge, issueChallenge } from './webAuthnChallenges.ts';
import type { ChallengeBinding } from './webAuthnChallenges.ts';

/** Request options listing only this user's keys, with a challenge bound to `binding`. */
export async function securityKeyRequestOptions(ctx: AccountContext, binding: ChallengeBinding): Promise<Record<string, unknown>> {
  const keys = await ctx.db.securityKey.findMany({ where: { userId: binding.userId }, select: { id: true, transports: true } });
  const challenge = await issueChallenge(ctx, binding);
  const options = await generateAuthenticationOptions({
    rpID: ctx.config.webAuthn.rpId,
    challenge: isoBase64URL.toBuffer(challenge),
    userVerification: 'preferred',
    allowCredentials: keys.map((key) => ({ id: key.id, transports: JSON.parse(key.transports) as string[] })),
  });
  return options as unknown as Record<string, unknown>;
}

type AuthenticationResponse = z.output<typeof authenticationResponse>;

export type SecurityKeyOutcome = { ok: true; nickname: string } | { ok: false; reason: 'unknown_key' | 'invalid' | 'counter_regressed' };

/**
 * Verifies an assertion from one of `binding.userId`'s keys. Rules: the key must belong to that
 * user (a credential registered to one user never signs in another); the challenge is spent on
 * use; a signature counter that does not move forward (a cloned key) is refused and logged.
 */
export async function verifySecurityKey(
  ctx: AccountContext,
  binding: ChallengeBinding,
  parsed: AuthenticationResponse,
  client: ClientInfo,
): Promise<SecurityKeyOutcome> {
  // Validated against the zod schema (bounded base64url fields); the library checks the rest.
  const response = parsed as unknown as AuthenticationResponseJSON;
  const key = await ctx.db.securityKey.findFirst({ where: { id: response.id, userId: binding.userId } });
  if (!key) return { ok: false, reason: 'unknown_key' };
  const storedCounter = Number(key.counter);
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: (challenge) => consumeChallenge(ctx, challenge, binding),
      expectedOrigin: ctx.config.publicOrigin,
      expectedRPID: ctx.config.webAuthn.rpId,
      credential: { id: key.id, publicKey: isoBase64URL.toBuffer(key.publicKey), counter: storedCounter, transports: JSON.parse(key.transports) as string[] },
      requireUserVerification: false,
    });
  } catch (error) {
    if (error instanceof Error && /counter value/i.test(error.message)) {
      ctx.logger.warn({ userId: binding.userId, keyId: key.id }, 'security key signature counter went backwards; possible cloned key');
      await recordSecurityEvent(ctx, {
        userId: binding.userId,
        action: 'user.two_factor_challenge_failure',
        client,
        data: { method: 'webauthn', reason: 'counter_regressed', nickname: key.nickname },
      });
      return { ok: false, reason: 'counter_regressed' };
    }
    return { ok: false, reason: 'invalid' };
  }
  if (!verification.verified) return { ok: false, reason: 'invalid' };
  const newCounter = verification.authenticationInfo.newCounter;
  // Conditional on the counter read above, so two racing assertions cannot both move it.
  const updated = await ctx.db.securityKey.updateMany({
    where: { id: key.id, counter: key.counter },
    data: { counter: BigInt(newCounter), lastUsedAt: ctx.now() },
  });
  if (updated.count !== 1) return { ok: false, reason: 'invalid' };
  return { ok: true, nickname: key.nickname };
}
