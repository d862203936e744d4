import type { SignedIn } from '@recovery/core/api/index';
import type { SecurityKeyAssertion } from '../webAuthn/SecurityKeyResponse.ts';
import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

export async function signInWithPasskey(response: SecurityKeyAssertion): Promise<SignedIn> {
  const operation = await accountOperation('signInWithPasskey');
  return apiRequest(operation.path, { method: operation.method, body: { response }, response: operation.response });
}
