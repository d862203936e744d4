import type { SecurityKeyView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

export async function listSecurityKeys(signal?: AbortSignal): Promise<SecurityKeyView[]> {
  const operation = await accountOperation('listSecurityKeys');
  const { keys } = await apiRequest(operation.path, { method: operation.method, response: operation.response, ...(signal ? { signal } : {}) });
  return keys;
}
