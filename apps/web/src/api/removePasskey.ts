import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';
import { pathWithId } from './pathWithId.ts';

export async function removePasskey(id: string): Promise<void> {
  const operation = await accountOperation('removePasskey');
  return apiRequest(pathWithId(operation.path, id), { method: operation.method });
}
