import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { SecurityKeyView, registrationResponse } from '@recovery/core/api/index';
import type { z } from 'zod';
import { AppError } from '@recovery/core/errors';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { isTwoFactorEnabled } from '../twoFactor/manageTwoFactor.ts';
import { consumeChallenge, issueChallenge } from './webAuthnChallenges.ts';
import { securityKeyView } from './securityKeyView.ts';

const maxKeysPerUser = 20;

async function requireTwoFactor(ctx: AccountContext, userId: string): Promise<void> {
  if (!(await isTwoFactorEnabled(ctx, userId))) {
    throw new AppError('conflict', 'Turn on two-factor authentication before adding a security key');
  }
}

/** Creation options: attestation none, user verification and a discoverable credential preferred, existing keys excluded. */
export async function securityKeyRegistrationOptions(ctx: AccountContext, user: User): Promise<Record<string, unknown>> {
  await requireTwoFactor(ctx, user.id);
  const existing = await ctx.db.securityKey.findMany({ where: { userId: user.id }, select: { id: true, transports: true } });
  if (existing.length >= maxKeysPerUser) throw new AppError('conflict', `At most ${maxKeysPerUser} security keys`);
  const challenge = await issueChallenge(ctx, { purpose: 'register', userId: user.id });
  const options = await generateRegistrationOptions({
    rpName: ctx.config.webAuthn.rpName,
    rpID: ctx.config.webAuthn.rpId,
    userName: user.displayName,
    userDisplayName: user.displayName,
    userID: new TextEncoder().encode(user.id),
    challenge: isoBase64URL.toBuffer(challenge),
    attestationType: 'none',
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    excludeCredentials: existing.map((key) => ({ id: key.id, transports: JSON.parse(key.transports) as string[] })),
  });
  return options as unknown as Record<string, unknown>;
}

export async function registerSecurityKey(
  ctx: AccountContext,
  user: User,
  nickname: string,
  parsed: z.output<typeof registrationResponse>,
  client: ClientInfo,
): Promise<SecurityKeyView> {
  // Validated against the zod schema (bounded base64url fields); the library checks the rest.
  const response = parsed as unknown as RegistrationResponseJSON;
  await requireTwoFactor(ctx, user.id);
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: (challenge) => consumeChallenge(ctx, challenge, { purpose: 'register', userId: user.id }),
      expectedOrigin: ctx.config.publicOrigin,
      expectedRPID: ctx.config.webAuthn.rpId,
      requireUserVerification: false,
    });
  } catch (cause) {
    throw new AppError('invalid_code', 'The security key’s response could not be verified; try again', { cause });
  }
  if (!verification.verified) throw new AppError('invalid_code', 'The security key’s response could not be verified; try again');
  const info = verification.registrationInfo;
  if (await ctx.db.securityKey.findUnique({ where: { id: info.credential.id } })) {
    throw new AppError('conflict', 'This security key is already registered');
  }
  const key = await ctx.db.securityKey.create({
    data: {
      id: info.credential.id,
      userId: user.id,
      nickname,
      publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
      counter: BigInt(info.credential.counter),
      transports: JSON.stringify(response.response.transports ?? []),
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      createdAt: ctx.now(),
    },
  });
  await recordSecurityEvent(ctx, { userId: user.id, action: 'two_factor_authentication.add_factor', client, data: { factor: 'security_key', nickname } });
  await notifyUser(ctx, user, 'Security key added', `The security key "${nickname}" was added to ${user.displayName}. If this was not you, remove it and reset your password.`);
  return securityKeyView(key);
}
