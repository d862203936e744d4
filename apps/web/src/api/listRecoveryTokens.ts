import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import type { RecoveryTokenList } from './RecoveryTokenList.ts';

const operation = accountOperations.listRecoveryTokens;

export function listRecoveryTokens(signal?: AbortSignal): Promise<RecoveryTokenList> {
  return apiRequest(operation.path, { method: operation.method, response: operation.response, ...(signal ? { signal } : {}) });
}
