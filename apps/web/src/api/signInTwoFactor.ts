import type { SignedIn, TwoFactorSignInRequest } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

export async function signInTwoFactor(body: TwoFactorSignInRequest): Promise<SignedIn> {
  const operation = await accountOperation('signInTwoFactor');
  return apiRequest(operation.path, { method: operation.method, body, response: operation.response });
}
