import { accountOperations, type SecurityKeyView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.listSecurityKeys;

export async function listSecurityKeys(signal?: AbortSignal): Promise<SecurityKeyView[]> {
  const { keys } = await apiRequest(operation.path, { method: operation.method, response: operation.response, ...(signal ? { signal } : {}) });
  return keys;
}
