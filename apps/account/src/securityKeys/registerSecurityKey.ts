import type { SecurityKeyView, registrationResponse } from '@recovery/core/api/index';
import type { z } from 'zod';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { credentialRegistrationOptions, registerCredential } from './registerCredential.ts';
import type { OutcomeWrites } from '../auth/renewSudoIn.ts';
import { securityKeyView } from './securityKeyView.ts';

/** Creation options: attestation none, user verification and a discoverable credential preferred, existing keys excluded. */
export function securityKeyRegistrationOptions(ctx: AccountContext, user: User): Promise<Record<string, unknown>> {
  return credentialRegistrationOptions(ctx, user, 'security_key');
}

export async function registerSecurityKey(
  ctx: AccountContext,
  user: User,
  nickname: string,
  parsed: z.output<typeof registrationResponse>,
  client: ClientInfo,
  inOutcome: OutcomeWrites,
): Promise<SecurityKeyView> {
  const key = await registerCredential(ctx, user, nickname, parsed, 'security_key', {
    userId: user.id,
    action: 'two_factor_authentication.add_factor',
    client,
    data: { factor: 'security_key', nickname },
  }, inOutcome);
  await notifyUser(ctx, user, 'Security key added', `The security key "${nickname}" was added to ${user.displayName}. If this was not you, remove it and reset your password.`);
  return securityKeyView(key);
}
