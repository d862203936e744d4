import { accountOperations, type SignedIn, type TwoFactorSignInRequest } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.signInTwoFactor;

export function signInTwoFactor(body: TwoFactorSignInRequest): Promise<SignedIn> {
  return apiRequest(operation.path, { method: operation.method, body, response: operation.response });
}
