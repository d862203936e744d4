import { accountOperations, type FallbackSmsView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.resendFallbackSms;

export function resendFallbackSms(): Promise<FallbackSmsView> {
  return apiRequest(operation.path, { method: operation.method, response: operation.response });
}
