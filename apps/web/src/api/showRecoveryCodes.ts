import { accountOperations, type RecoveryCodesView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.showRecoveryCodes;

export function showRecoveryCodes(): Promise<RecoveryCodesView> {
  return apiRequest(operation.path, { method: operation.method, response: operation.response });
}
