import { accountOperations, type SessionView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.getSession;

export function getSession(signal?: AbortSignal): Promise<SessionView> {
  return apiRequest(operation.path, { method: operation.method, response: operation.response, ...(signal ? { signal } : {}) });
}
