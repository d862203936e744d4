import { accountOperations, type SecurityLogPage } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.listSecurityLog;

export interface SecurityLogPageRequest {
  cursor?: string;
  limit?: number;
  signal?: AbortSignal;
}

export function listSecurityLog({ cursor, limit, signal }: SecurityLogPageRequest = {}): Promise<SecurityLogPage> {
  return apiRequest(operation.path, {
    method: operation.method,
    query: { cursor, limit },
    response: operation.response,
    ...(signal ? { signal } : {}),
  });
}
