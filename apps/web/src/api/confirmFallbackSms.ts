import { accountOperations, type FallbackSmsView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.confirmFallbackSms;

export function confirmFallbackSms(code: string): Promise<FallbackSmsView> {
  return apiRequest(operation.path, { method: operation.method, body: { code }, response: operation.response });
}
