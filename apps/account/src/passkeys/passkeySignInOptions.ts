import { generateAuthenticationOptions } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { passkeyChallengeLimit } from './passkeyLimits.ts';
import { issueChallenge } from '../securityKeys/webAuthnChallenges.ts';
import type { ChallengeBinding } from '../securityKeys/webAuthnChallenges.ts';

/** A passkey sign-in's challenge is issued before anyone is identified: it names no user. */
export const passkeySignInBinding: ChallengeBinding = { purpose: 'passkey_sign_in', userId: '' };

/**
 * Request options for "Sign in with a passkey" and for autofill: no credentials listed (the
 * authenticator offers its discoverable ones for this site), user verification required.
 */
export async function passkeySignInOptions(ctx: AccountContext, client: ClientInfo): Promise<Record<string, unknown>> {
  const { limiter, key } = passkeyChallengeLimit(ctx);
  // The count and the challenge commit together: one commit for the options.
  const challenge = await issueChallenge(ctx, passkeySignInBinding, { limiter, key: key(client.ip) });
  const options = await generateAuthenticationOptions({
    rpID: ctx.config.webAuthn.rpId,
    challenge: isoBase64URL.toBuffer(challenge),
    userVerification: 'required',
    allowCredentials: [],
  });
  return options as unknown as Record<string, unknown>;
}
