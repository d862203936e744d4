import { accountOperations, type TwoFactorSetup } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.startTwoFactorSetup;

export function startTwoFactorSetup(): Promise<TwoFactorSetup> {
  return apiRequest(operation.path, { method: operation.method, response: operation.response });
}
