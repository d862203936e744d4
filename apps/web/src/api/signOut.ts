import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.signOut;

export function signOut(): Promise<void> {
  return apiRequest(operation.path, { method: operation.method });
}
