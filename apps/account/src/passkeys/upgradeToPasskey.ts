import { generateAuthenticationOptions } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { z } from 'zod';
import type { PasskeyView, authenticationResponse } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import { oneRowStep, sql } from '@recovery/db';
import type { SecurityKey, User } from '@recovery/db';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { insertSecurityEventsStatement } from '../securityLog/securityEventStatements.ts';
import { ownCredential } from '../securityKeys/manageSecurityKeys.ts';
import { passkeyView, securityKeyView } from '../securityKeys/securityKeyView.ts';
import { checkSecurityKey } from '../securityKeys/verifySecurityKey.ts';
import { issueChallenge } from '../securityKeys/webAuthnChallenges.ts';

/**
 * Rule: only a key registered as a discoverable credential with user verification can become a
 * passkey. WebAuthn cannot convert a credential, so a key without them would need a new
 * registration ("Add a passkey"), not an upgrade.
 */
async function upgradableKey(ctx: AccountContext, userId: string, id: string): Promise<SecurityKey> {
  const key = await ownCredential(ctx, userId, id, 'security_key');
  if (!securityKeyView(key).upgradable) throw new AppError('conflict', 'This security key was not registered as a passkey can be; add a passkey instead');
  return key;
}

/** Request options naming only this key, with user verification required. */
export async function passkeyUpgradeOptions(ctx: AccountContext, user: User, id: string): Promise<Record<string, unknown>> {
  const key = await upgradableKey(ctx, user.id, id);
  const challenge = await issueChallenge(ctx, { purpose: 'upgrade_passkey', userId: user.id });
  const options = await generateAuthenticationOptions({
    rpID: ctx.config.webAuthn.rpId,
    challenge: isoBase64URL.toBuffer(challenge),
    userVerification: 'required',
    allowCredentials: [{ id: key.id, transports: JSON.parse(key.transports) as string[] }],
  });
  return options as unknown as Record<string, unknown>;
}

/**
 * "Upgrade to passkey": a user-verified assertion from this very key (over a challenge issued for
 * the upgrade) proves the authenticator still holds the discoverable credential and verifies its
 * user; then the key becomes a passkey, with the spent challenge and its event in one transaction.
 */
export async function upgradeToPasskey(ctx: AccountContext, user: User, id: string, response: z.output<typeof authenticationResponse>, client: ClientInfo): Promise<PasskeyView> {
  await upgradableKey(ctx, user.id, id);
  const check = await checkSecurityKey(ctx, { purpose: 'upgrade_passkey', userId: user.id }, response, { requireUserVerification: true, keyId: id });
  const message = 'The security key could not verify you; use its PIN or biometrics and try again';
  const refused = new AppError('invalid_code', message, { fields: [{ path: 'response', message }] });
  if (!check.ok) throw refused;
  const done = await ctx.sql.transaction([
    ...check.spend,
    oneRowStep(sql`UPDATE "SecurityKey" SET "kind" = 'passkey' WHERE "id" = ${id} AND "userId" = ${user.id} AND "kind" = 'security_key'`),
    { statement: insertSecurityEventsStatement([{ userId: user.id, action: 'passkey.upgrade', client, data: { nickname: check.nickname } }], ctx.now()) },
  ]);
  if (!done.committed) throw refused;
  await notifyUser(ctx, user, 'Security key upgraded to a passkey', `The security key "${check.nickname}" on ${user.displayName} is now a passkey: it signs in without a password. If this was not you, delete it and reset your password.`);
  return passkeyView(await ctx.db.securityKey.findUniqueOrThrow({ where: { id } }));
}
