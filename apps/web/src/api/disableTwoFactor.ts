import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.disableTwoFactor;

export function disableTwoFactor(): Promise<void> {
  return apiRequest(operation.path, { method: operation.method });
}
