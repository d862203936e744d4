import { accountOperations, type ReplaceAuthenticatorRequest } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.replaceAuthenticator;

export function replaceAuthenticator(body: ReplaceAuthenticatorRequest): Promise<void> {
  return apiRequest(operation.path, { method: operation.method, body });
}
