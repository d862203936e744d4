import { accountOperations, type RecoveryCodesIssued } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.regenerateRecoveryCodes;

export function regenerateRecoveryCodes(): Promise<RecoveryCodesIssued> {
  return apiRequest(operation.path, { method: operation.method, response: operation.response });
}
