import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

export async function passkeySignInOptions(signal?: AbortSignal): Promise<Record<string, unknown>> {
  const operation = await accountOperation('passkeySignInOptions');
  const { options } = await apiRequest(operation.path, { method: operation.method, response: operation.response, ...(signal ? { signal } : {}) });
  return options;
}
