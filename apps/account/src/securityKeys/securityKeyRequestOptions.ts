import { generateAuthenticationOptions } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { AccountContext } from '../context.ts';
import { issueChallenge } from './webAuthnChallenges.ts';
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
