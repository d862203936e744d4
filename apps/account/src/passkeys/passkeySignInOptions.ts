import { generateAuthenticationOptions } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { AccountContext } from '../context.ts';
import { challengeLifetimeMs } from '../securityKeys/webAuthnChallenges.ts';
import type { ChallengeBinding } from '../securityKeys/webAuthnChallenges.ts';
import { signChallenge } from './signedChallenge.ts';

/**
 * A passkey sign-in's challenge is issued before anyone is identified: it names no user, and it
 * is signed rather than stored (anyone may ask for one, so asking writes nothing).
 */
export function passkeySignInBinding(ctx: Pick<AccountContext, 'keys'>): ChallengeBinding {
  return { purpose: 'passkey_sign_in', userId: '', signedWith: ctx.keys.passkeyChallenge };
}

/**
 * Request options for "Sign in with a passkey" and for autofill: no credentials listed (the
 * authenticator offers its discoverable ones for this site), user verification required. No
 * database work: the challenge is signed, valid five minutes, and spent by the sign-in it serves.
 */
export async function passkeySignInOptions(ctx: AccountContext): Promise<Record<string, unknown>> {
  const challenge = signChallenge(ctx.keys.passkeyChallenge, new Date(ctx.now().getTime() + challengeLifetimeMs));
  const options = await generateAuthenticationOptions({
    rpID: ctx.config.webAuthn.rpId,
    challenge: isoBase64URL.toBuffer(challenge),
    userVerification: 'required',
    allowCredentials: [],
  });
  return options as unknown as Record<string, unknown>;
}
