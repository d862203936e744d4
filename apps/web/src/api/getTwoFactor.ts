import { accountOperations, type TwoFactorStatus } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.getTwoFactor;

export function getTwoFactor(signal?: AbortSignal): Promise<TwoFactorStatus> {
  return apiRequest(operation.path, { method: operation.method, response: operation.response, ...(signal ? { signal } : {}) });
}
