import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.removeFallbackSms;

export function removeFallbackSms(): Promise<void> {
  return apiRequest(operation.path, { method: operation.method });
}
