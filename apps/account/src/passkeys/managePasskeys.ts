import type { PasskeyView, registrationResponse } from '@recovery/core/api/index';
import type { z } from 'zod';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { deleteCredential, listCredentials, renameCredential } from '../securityKeys/manageSecurityKeys.ts';
import { credentialRegistrationOptions, registerCredential } from '../securityKeys/registerCredential.ts';
import type { OutcomeWrites } from '../auth/renewSudoIn.ts';
import { passkeyView } from '../securityKeys/securityKeyView.ts';

export async function listPasskeys(ctx: AccountContext, userId: string): Promise<PasskeyView[]> {
  return (await listCredentials(ctx, userId, 'passkey')).map(passkeyView);
}

/** Creation options for a passkey: a discoverable credential and user verification required. */
export function passkeyRegistrationOptions(ctx: AccountContext, user: User): Promise<Record<string, unknown>> {
  return credentialRegistrationOptions(ctx, user, 'passkey');
}

export async function registerPasskey(
  ctx: AccountContext,
  user: User,
  nickname: string,
  parsed: z.output<typeof registrationResponse>,
  client: ClientInfo,
  inOutcome: OutcomeWrites,
): Promise<PasskeyView> {
  const key = await registerCredential(ctx, user, nickname, parsed, 'passkey', { userId: user.id, action: 'passkey.register', client, data: { nickname } }, inOutcome);
  await notifyUser(ctx, user, 'Passkey added', `The passkey "${nickname}" was added to ${user.displayName}. It signs in without a password. If this was not you, delete it and reset your password.`);
  return passkeyView(key);
}

export async function renamePasskey(ctx: AccountContext, user: User, id: string, nickname: string): Promise<PasskeyView> {
  return passkeyView(await renameCredential(ctx, user.id, id, 'passkey', nickname));
}

export async function removePasskey(ctx: AccountContext, user: User, id: string, client: ClientInfo, inOutcome: OutcomeWrites): Promise<void> {
  const key = await deleteCredential(ctx, user.id, id, 'passkey', (removed) => ({ userId: user.id, action: 'passkey.remove', client, data: { nickname: removed.nickname } }), inOutcome);
  await notifyUser(ctx, user, 'Passkey deleted', `The passkey "${key.nickname}" was deleted from ${user.displayName}. It no longer signs in. If this was not you, reset your password.`);
}
