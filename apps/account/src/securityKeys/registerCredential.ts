import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { AuthenticatorSelectionCriteria, RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { registrationResponse } from '@recovery/core/api/index';
import type { z } from 'zod';
import { AppError } from '@recovery/core/errors';
import type { SecurityKey, User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import type { SecurityEventInput } from '../securityLog/recordSecurityEvent.ts';
import { isUniqueViolation } from '../auth/uniqueViolation.ts';
import type { OutcomeWrites } from '../auth/renewSudoIn.ts';
import { isTwoFactorEnabled } from '../twoFactor/manageTwoFactor.ts';
import type { CredentialKind } from './keyForAssertion.ts';
import { consumeChallenge, issueChallenge } from './webAuthnChallenges.ts';

/** Security keys and passkeys together. */
const maxCredentialsPerUser = 20;

const names: Record<CredentialKind, string> = { security_key: 'security key', passkey: 'passkey' };

/**
 * A security key: a discoverable credential and user verification preferred (so it may later be
 * upgraded). A passkey: both required, since it stands for the password and the second factor.
 */
const selection: Record<CredentialKind, AuthenticatorSelectionCriteria> = {
  security_key: { residentKey: 'preferred', userVerification: 'preferred' },
  passkey: { residentKey: 'required', userVerification: 'required' },
};

const purpose = { security_key: 'register', passkey: 'register_passkey' } as const;

/** Rule: security keys and passkeys are second factors, added only while 2FA is on. */
async function requireTwoFactor(ctx: AccountContext, userId: string, kind: CredentialKind): Promise<void> {
  if (!(await isTwoFactorEnabled(ctx, userId))) {
    throw new AppError('conflict', `Turn on two-factor authentication before adding a ${names[kind]}`);
  }
}

/** Creation options: attestation none, every credential the user has excluded (one authenticator registers once). */
export async function credentialRegistrationOptions(ctx: AccountContext, user: User, kind: CredentialKind): Promise<Record<string, unknown>> {
  await requireTwoFactor(ctx, user.id, kind);
  const existing = await ctx.db.securityKey.findMany({ where: { userId: user.id }, select: { id: true, transports: true } });
  if (existing.length >= maxCredentialsPerUser) throw new AppError('conflict', `At most ${maxCredentialsPerUser} security keys and passkeys`);
  const challenge = await issueChallenge(ctx, { purpose: purpose[kind], userId: user.id });
  const options = await generateRegistrationOptions({
    rpName: ctx.config.webAuthn.rpName,
    rpID: ctx.config.webAuthn.rpId,
    userName: user.displayName,
    userDisplayName: user.displayName,
    // The user handle a passkey returns at sign-in: the account id, never the username or email.
    userID: new TextEncoder().encode(user.id),
    challenge: isoBase64URL.toBuffer(challenge),
    attestationType: 'none',
    authenticatorSelection: selection[kind],
    excludeCredentials: existing.map((key) => ({ id: key.id, transports: JSON.parse(key.transports) as string[] })),
  });
  return options as unknown as Record<string, unknown>;
}

/** What the browser said about discoverability (the credProps extension, requested by default). */
function reportedDiscoverable(response: RegistrationResponseJSON): boolean | null {
  const rk = (response.clientExtensionResults as { credProps?: { rk?: unknown } }).credProps?.rk;
  return typeof rk === 'boolean' ? rk : null;
}

/**
 * Verifies a new credential against its single-use challenge and stores it as `kind`, with its
 * security-log `event` in the same commit (the log never misses a factor, nor shows one that was
 * not added), and with `inOutcome`. A passkey must have verified the user; a browser that reports it made no
 * discoverable credential (a passkey must be one) is refused.
 */
export async function registerCredential(
  ctx: AccountContext,
  user: User,
  nickname: string,
  parsed: z.output<typeof registrationResponse>,
  kind: CredentialKind,
  event: SecurityEventInput,
  inOutcome: OutcomeWrites,
): Promise<SecurityKey> {
  // Validated against the zod schema (bounded base64url fields); the library checks the rest.
  const response = parsed as unknown as RegistrationResponseJSON;
  await requireTwoFactor(ctx, user.id, kind);
  const refused = (cause?: unknown) => new AppError('invalid_code', `The ${names[kind]}’s response could not be verified; try again`, cause ? { cause } : {});
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: (challenge) => consumeChallenge(ctx, challenge, { purpose: purpose[kind], userId: user.id }),
      expectedOrigin: ctx.config.publicOrigin,
      expectedRPID: ctx.config.webAuthn.rpId,
      requireUserVerification: kind === 'passkey',
    });
  } catch (cause) {
    throw refused(cause);
  }
  if (!verification.verified) throw refused();
  const discoverable = reportedDiscoverable(response);
  if (kind === 'passkey' && discoverable === false) throw refused();
  const info = verification.registrationInfo;
  const already = () => new AppError('conflict', `This ${names[kind]} is already registered`);
  if (await ctx.db.securityKey.findUnique({ where: { id: info.credential.id } })) throw already();
  const data = {
    id: info.credential.id,
    userId: user.id,
    nickname,
    publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
    counter: BigInt(info.credential.counter),
    transports: JSON.stringify(response.response.transports ?? []),
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    kind,
    // Asked with residentKey "required", a browser that does not report credProps made one anyway.
    discoverable: kind === 'passkey' ? true : discoverable,
    userVerified: info.userVerified,
    createdAt: ctx.now(),
  };
  try {
    return await ctx.db.$transaction(async (tx) => {
      const created = await tx.securityKey.create({ data });
      await recordSecurityEvent(ctx, event, tx);
      await inOutcome(tx);
      return created;
    });
  } catch (error) {
    // The same credential registered by a concurrent request.
    if (isUniqueViolation(error)) throw already();
    throw error;
  }
}
