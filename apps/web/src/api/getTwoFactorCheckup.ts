import { accountOperations, type TwoFactorCheckupView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.getTwoFactorCheckup;

export function getTwoFactorCheckup(signal?: AbortSignal): Promise<TwoFactorCheckupView> {
  return apiRequest(operation.path, { method: operation.method, response: operation.response, ...(signal ? { signal } : {}) });
}
