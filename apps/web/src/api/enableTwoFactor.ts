import { accountOperations, type RecoveryCodesIssued } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.enableTwoFactor;

export function enableTwoFactor(code: string): Promise<RecoveryCodesIssued> {
  return apiRequest(operation.path, { method: operation.method, body: { code }, response: operation.response });
}
