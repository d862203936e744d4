import type { PasskeyView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

export async function listPasskeys(signal?: AbortSignal): Promise<PasskeyView[]> {
  const operation = await accountOperation('listPasskeys');
  const { passkeys } = await apiRequest(operation.path, { method: operation.method, response: operation.response, ...(signal ? { signal } : {}) });
  return passkeys;
}
