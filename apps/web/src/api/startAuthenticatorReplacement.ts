import { accountOperations, type AuthenticatorReplacement } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.startAuthenticatorReplacement;

export function startAuthenticatorReplacement(): Promise<AuthenticatorReplacement> {
  return apiRequest(operation.path, { method: operation.method, response: operation.response });
}
